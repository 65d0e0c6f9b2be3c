import { describe, expect, it } from "vitest";
import { parseAuthConfig } from "../lib/auth/config";
import { verifyLink } from "../lib/auth/link-token";
// @ts-expect-error plain .mjs script without types
import { signFromArgs } from "./sign-link.mjs";

const env = { SIGHTLINE_LINK_KEYS: "new:0123456789abcdef0123456789abcdef,old:fedcba9876543210fedcba9876543210" };

describe("scripts/sign-link.mjs", () => {
  it("mints tokens the server accepts, with the scope asked for", async () => {
    const r = await signFromArgs(
      ["--compose", "shop", "--label", "team=a", "--ttl", "2h", "--base", "https://s.example/"],
      env,
    );
    const keys = parseAuthConfig(env).config.linkKeys;
    const v = await verifyLink(keys, r.token);
    expect(v.ok && v.claims.scope).toEqual({ allow: [{ compose: "shop", labels: { team: "a" } }] });
    expect(v.ok && v.claims.exp - v.claims.iat).toBe(7200);
    expect(r.embed).toMatch(/^https:\/\/s\.example\/embed\/containers\/\$\{name\}\?from=\$\{__from\}&to=\$\{__to\}/);
    // Signed with the first key: a server that only has the old key refuses it.
    const oldOnly = parseAuthConfig({ SIGHTLINE_LINK_KEYS: "old:fedcba9876543210fedcba9876543210" }).config.linkKeys;
    expect((await verifyLink(oldOnly, r.token)).ok).toBe(false);
  });
  it("refuses a missing scope or a bad expiry", async () => {
    await expect(signFromArgs(["--ttl", "2h"], env)).rejects.toThrow(/give a scope/);
    await expect(signFromArgs(["--all", "--ttl", "400d"], env)).rejects.toThrow(/366d/);
    await expect(signFromArgs(["--all"], {})).rejects.toThrow(/SIGHTLINE_LINK_KEYS/);
  });
});
