import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { hostAllowed, parseAuthConfig, sourceAllowed } from "./config";
import { signLink, verifyLink } from "./link-token";
import { parsePolicy, scopeFor } from "./policy";
import { globMatch, inScope, narrowScope, type ScopedContainer } from "./selector";
import { openLogin, openSession, safeReturnTo, sealLogin, sealSession } from "./session";

const c = (name: string, extra: Partial<ScopedContainer> = {}): ScopedContainer => ({ name, labels: {}, ...extra });
const cart = c("shop-cart-1", {
  compose: { project: "shop", service: "cart" },
  engine: "podman",
  labels: { team: "a" },
});
const legacy = c("legacy-report-1", { labels: { "com.example.team": "reports" } });
const k8s = c("api", { namespace: "payments", cluster: "eu-1" });

describe("globMatch", () => {
  it("matches * anywhere, and only *", () => {
    expect(globMatch("shop-*", "shop-cart-1")).toBe(true);
    expect(globMatch("*-1", "shop-cart-1")).toBe(true);
    expect(globMatch("s*c*1", "shop-cart-1")).toBe(true);
    expect(globMatch("shop-?", "shop-a")).toBe(false);
    expect(globMatch("shop", "shop-cart-1")).toBe(false);
    expect(globMatch("a*b", "a")).toBe(false);
  });
  it("stays fast on a pathological pattern", () => {
    const s = "a".repeat(5000);
    expect(globMatch(`${"*a".repeat(50)}b`, s)).toBe(false);
  });
});

describe("scopes", () => {
  it("ANDs a selector's keys and ORs the selectors", () => {
    const scope = { allow: [{ compose: "shop", service: "cart" }, { labels: { "com.example.team": "reports" } }] };
    expect(inScope(scope, cart)).toBe(true);
    expect(inScope(scope, legacy)).toBe(true);
    expect(inScope(scope, c("shop-db-1", { compose: { project: "shop", service: "db" } }))).toBe(false);
  });
  it("reads namespace and cluster from the model, the pod, or the label", () => {
    expect(inScope({ allow: [{ namespace: "payments", cluster: "eu-*" }] }, k8s)).toBe(true);
    expect(inScope({ allow: [{ namespace: "web" }] }, c("x", { pod: { name: "p", namespace: "web" } }))).toBe(true);
    expect(
      inScope({ allow: [{ namespace: "web" }] }, c("x", { labels: { "io.kubernetes.pod.namespace": "web" } })),
    ).toBe(true);
    expect(inScope({ allow: [{ namespace: "web" }] }, cart)).toBe(false);
  });
  it("keeps a link inside its minter's scope", () => {
    const s = narrowScope({ allow: [{ labels: { team: "a" } }] }, [{ compose: "shop" }]);
    expect(inScope(s, cart)).toBe(true);
    expect(inScope(s, c("shop-db-1", { compose: { project: "shop", service: "db" }, labels: { team: "b" } }))).toBe(
      false,
    );
  });
});

describe("policy", () => {
  const policy = parsePolicy(
    JSON.stringify({
      admins: { groups: ["ops"] },
      rules: [
        { groups: ["shop"], allow: [{ compose: "shop" }] },
        { users: ["carol@example.com"], allow: [{ name: "legacy-*" }] },
      ],
    }),
  );
  it("maps groups and users to selectors, admins to everything, others to nothing", () => {
    expect(scopeFor(policy, { user: "ann", groups: ["shop"] }).scope).toEqual({ allow: [{ compose: "shop" }] });
    expect(scopeFor(policy, { user: "c", email: "carol@example.com", groups: [] }).scope).toEqual({
      allow: [{ name: "legacy-*" }],
    });
    expect(scopeFor(policy, { user: "bob", groups: ["ops"] })).toEqual({ scope: { all: true }, admin: true });
    expect(scopeFor(policy, { user: "eve", groups: ["marketing"] })).toEqual({ scope: { allow: [] }, admin: false });
  });
  it("refuses unknown selector keys, naming the place", () => {
    expect(() => parsePolicy('{"rules":[{"groups":["a"],"allow":[{"projekt":"shop"}]}]}', "p.json")).toThrow(
      /p\.json: rules\.0\.allow\.0/,
    );
    expect(() => parsePolicy("{", "p.json")).toThrow(/not JSON/);
  });
});

describe("access-control configuration", () => {
  it("keeps today's behaviour by default", () => {
    const a = parseConfig({}).auth;
    expect(a.mode).toBe("none");
    expect(a.allowedHosts).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(a.audit).toBe(false);
  });
  it("names every bad variable", () => {
    const r = parseAuthConfig({
      SIGHTLINE_AUTH: "ldap",
      SIGHTLINE_LINK_KEYS: "short",
      SIGHTLINE_ALLOWED_HOSTS: "http://x.example",
      SIGHTLINE_SESSION_SECRET: "x",
    });
    expect(r.errors.join("\n")).toMatch(/SIGHTLINE_AUTH must be none, proxy or oidc/);
    expect(r.errors.join("\n")).toMatch(/SIGHTLINE_LINK_KEYS: key \w+ is shorter/);
    expect(r.errors.join("\n")).toMatch(/SIGHTLINE_ALLOWED_HOSTS/);
    expect(r.errors.join("\n")).toMatch(/SIGHTLINE_SESSION_SECRET is shorter/);
    expect(() => parseConfig({ SIGHTLINE_AUTH: "proxy" })).toThrow(/SIGHTLINE_AUTH_PROXY_SOURCES/);
    expect(() => parseConfig({ SIGHTLINE_AUTH: "proxy", SIGHTLINE_AUTH_PROXY_SOURCES: "10.0.0.0/33" })).toThrow(
      /SIGHTLINE_AUTH_PROXY_SOURCES: "10\.0\.0\.0\/33"/,
    );
    expect(() => parseConfig({ SIGHTLINE_AUTH: "oidc" })).toThrow(
      /SIGHTLINE_OIDC_ISSUER[\s\S]*SIGHTLINE_OIDC_CLIENT_ID/,
    );
  });
  it("trusts proxy headers only from the configured networks", () => {
    const a = parseAuthConfig({ SIGHTLINE_AUTH: "proxy", SIGHTLINE_AUTH_PROXY_SOURCES: "10.0.0.0/8, ::1" }).config;
    const p = a.proxy!;
    expect(sourceAllowed(p, "10.1.2.3")).toBe(true);
    expect(sourceAllowed(p, "::ffff:10.1.2.3")).toBe(true);
    expect(sourceAllowed(p, "::1")).toBe(true);
    expect(sourceAllowed(p, "127.0.0.1")).toBe(false);
    expect(sourceAllowed(p, undefined)).toBe(false);
    expect(p.userHeaders).toEqual(["X-Forwarded-User", "Remote-User"]);
  });
  it("checks the Host header against the allow-list (DNS rebinding)", () => {
    const hosts = parseAuthConfig({ HOST: "sightline.lan", SIGHTLINE_PUBLIC_URL: "https://obs.example.com" }).config
      .allowedHosts;
    expect(hostAllowed(hosts, "localhost:3000")).toBe(true);
    expect(hostAllowed(hosts, "[::1]:3000")).toBe(true);
    expect(hostAllowed(hosts, "sightline.lan")).toBe(true);
    expect(hostAllowed(hosts, "obs.example.com")).toBe(true);
    expect(hostAllowed(hosts, "attacker.example")).toBe(false);
    expect(hostAllowed(hosts, null)).toBe(false);
    expect(hostAllowed(["*.example.com"], "a.example.com")).toBe(true);
    expect(hostAllowed(["*.example.com"], "example.com.evil")).toBe(false);
  });
});

const keys = (...s: string[]) => parseAuthConfig({ SIGHTLINE_LINK_KEYS: s.join(",") }).config.linkKeys;

describe("signed links", () => {
  const k1 = "k1:0123456789abcdef0123456789abcdef";
  const k2 = "k2:fedcba9876543210fedcba9876543210";
  it("verifies with any listed key and signs with the first (rotation)", async () => {
    const { token } = await signLink(keys(k1), { scope: { allow: [{ compose: "shop" }] }, ttlSeconds: 60, sub: "ann" });
    const v = await verifyLink(keys(k2, k1), token);
    expect(v.ok && v.claims.scope).toEqual({ allow: [{ compose: "shop" }] });
    expect((await verifyLink(keys(k2), token)).ok).toBe(false);
  });
  it("tells an expired link from an altered one", async () => {
    const now = Date.now();
    const { token } = await signLink(keys(k1), {
      scope: { all: true },
      ttlSeconds: 60,
      sub: "cli",
      now: now - 120_000,
    });
    const exp = await verifyLink(keys(k1), token);
    expect(exp).toMatchObject({ ok: false, reason: "expired" });
    const fresh = (await signLink(keys(k1), { scope: { all: true }, ttlSeconds: 60, sub: "cli" })).token;
    // Every single-character change anywhere in the token is refused.
    for (let i = 0; i < fresh.length; i += 7) {
      const ch = fresh[i] === "A" ? "B" : "A";
      const bad = fresh.slice(0, i) + ch + fresh.slice(i + 1);
      const v = await verifyLink(keys(k1), bad);
      expect(v.ok, `position ${i}`).toBe(false);
    }
    const sig = fresh.slice(0, -3) + (fresh.endsWith("AAA") ? "BBB" : "AAA");
    expect(await verifyLink(keys(k1), sig)).toMatchObject({ ok: false, reason: "invalid", detail: /signature/ });
  });
});

describe("sessions", () => {
  const key = new Uint8Array(32).fill(7);
  it("round-trips, and an expired or foreign cookie is refused", async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const t = await sealSession(key, { sub: "s", user: "ann", groups: ["shop"], exp, sid: "x" });
    expect(await openSession(key, t)).toMatchObject({ ok: true, value: { user: "ann", groups: ["shop"] } });
    const old = await sealSession(key, { sub: "s", user: "ann", groups: [], exp: exp - 120, sid: "x" });
    expect(await openSession(key, old)).toEqual({ ok: false, reason: "expired" });
    expect(await openSession(new Uint8Array(32).fill(8), t)).toEqual({ ok: false, reason: "invalid" });
    // A login-state cookie is not a session.
    const l = await sealLogin(key, { state: "s", nonce: "n", verifier: "v", returnTo: "/" });
    expect((await openSession(key, l)).ok).toBe(false);
    expect((await openLogin(key, l)).ok).toBe(true);
  });
  it("returns only to same-origin paths", () => {
    expect(safeReturnTo("/containers/shop-cart-1?from=now-1h#x")).toBe("/containers/shop-cart-1?from=now-1h#x");
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "/\t/evil",
      "javascript:alert(1)",
      "/auth/login",
    ]) {
      expect(safeReturnTo(bad), bad).toBe("/");
    }
    expect(safeReturnTo(null)).toBe("/");
  });
});
