import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config";
import { cspFor, frameAncestorsFor } from "./security-headers";

const cfg = parseConfig({ SIGHTLINE_FRAME_ANCESTORS: "'self' https://grafana.example" });
const u = (p: string) => new URL(p, "http://127.0.0.1:3000");

describe("Content-Security-Policy per route", () => {
  it("gives the no-JavaScript embed default-src 'none' and only what it needs", () => {
    const csp = cspFor(cfg, u("/embed/containers/x?token=t"), "n0nce");
    expect(csp.split("; ")).toEqual([
      "default-src 'none'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'self' https://grafana.example",
    ]);
  });
  it("lets the app run only its own nonce'd scripts, and be framed only as an embed", () => {
    const csp = cspFor(cfg, u("/containers/x"), "n0nce");
    expect(csp).toContain("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/frame-ancestors 'self'$/);
    expect(frameAncestorsFor(cfg, u("/containers/x?embed=1"))).toBe("'self' https://grafana.example");
    const all = parseConfig({ SIGHTLINE_FRAME_ANCESTORS: "https://g.example", SIGHTLINE_FRAME_ALL_ROUTES: "1" });
    expect(frameAncestorsFor(all, u("/"))).toBe("https://g.example");
  });
  it("lets sign-out continue to the provider's logout", () => {
    const oidc = parseConfig({
      SIGHTLINE_AUTH: "oidc",
      SIGHTLINE_OIDC_ISSUER: "https://sso.example.com/realms/x",
      SIGHTLINE_OIDC_CLIENT_ID: "s",
      SIGHTLINE_SESSION_SECRET: "0123456789abcdef0123456789abcdef",
    });
    expect(cspFor(oidc, u("/"), "n")).toContain("form-action 'self' https://sso.example.com");
  });
});
