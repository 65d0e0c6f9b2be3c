import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuthConfig } from "../../auth/config";
import { signLink } from "../../auth/link-token";
import { LINK_COOKIE, SESSION_COOKIE, sealSession } from "../../auth/session";
import { authenticate, type GateRequest, splitGroups } from "./gate";
import { stampPeerForTests } from "./peer";

const dir = mkdtempSync(join(tmpdir(), "sightline-gate-"));
const policyFile = join(dir, "policy.json");
writeFileSync(
  policyFile,
  JSON.stringify({ admins: { groups: ["ops"] }, rules: [{ groups: ["shop"], allow: [{ compose: "shop" }] }] }),
);
const SECRET = "proxy-secret-0123456789";
const LINK_KEY = "k1:0123456789abcdef0123456789abcdef";
const SESSION = "session-secret-0123456789abcdef0123456789";

function cfg(env: Record<string, string>) {
  const r = parseAuthConfig({ SIGHTLINE_POLICY_FILE: policyFile, SIGHTLINE_LINK_KEYS: LINK_KEY, ...env });
  expect(r.errors).toEqual([]);
  return r.config;
}

function req(
  path: string,
  opts: { headers?: Record<string, string>; peer?: string; cookies?: Record<string, string>; method?: string } = {},
): GateRequest {
  const headers = new Headers({ host: "127.0.0.1:3000", ...opts.headers });
  if (opts.peer) stampPeerForTests(headers, opts.peer);
  return {
    method: opts.method ?? "GET",
    url: new URL(path, "http://127.0.0.1:3000"),
    headers,
    cookie: (n) => opts.cookies?.[n],
  };
}

describe("gate: proxy mode", () => {
  const proxy = cfg({ SIGHTLINE_AUTH: "proxy", SIGHTLINE_AUTH_PROXY_SOURCES: "10.0.0.0/8" });
  const user = { "X-Forwarded-User": "ann", "X-Forwarded-Groups": "shop,dev" };
  it("takes the identity from headers sent by the proxy's address", async () => {
    const r = await authenticate(proxy, req("/api/containers", { headers: user, peer: "10.0.0.5" }));
    expect(r.kind === "pass" && r.identity).toMatchObject({
      via: "proxy",
      id: "ann",
      groups: ["shop", "dev"],
      scope: { allow: [{ compose: "shop" }] },
      admin: false,
    });
  });
  it("answers 401 to the same headers from elsewhere, or with no peer stamp", async () => {
    for (const peer of ["127.0.0.1", undefined]) {
      const r = await authenticate(proxy, req("/api/containers", { headers: user, peer }));
      expect(r.kind === "respond" && r.response.status).toBe(401);
    }
    // X-Forwarded-For is the client's to write: it does not count.
    const r = await authenticate(
      proxy,
      req("/api/containers", { headers: { ...user, "X-Forwarded-For": "10.0.0.5" }, peer: "192.0.2.1" }),
    );
    expect(r.kind === "respond" && r.response.status).toBe(401);
  });
  it("requires the shared secret when one is set", async () => {
    const both = cfg({ SIGHTLINE_AUTH: "proxy", SIGHTLINE_AUTH_PROXY_SECRET: SECRET });
    const no = await authenticate(both, req("/", { headers: user }));
    expect(no.kind === "respond" && no.response.status).toBe(401);
    const wrong = await authenticate(
      both,
      req("/", { headers: { ...user, "X-Sightline-Proxy-Secret": `${SECRET}x` } }),
    );
    expect(wrong.kind === "respond" && wrong.response.status).toBe(401);
    const yes = await authenticate(both, req("/", { headers: { ...user, "X-Sightline-Proxy-Secret": SECRET } }));
    expect(yes.kind).toBe("pass");
  });
  it("reads Authelia's Remote-* headers and Authentik-style pipe-separated groups", async () => {
    const r = await authenticate(
      proxy,
      req("/", { headers: { "Remote-User": "bob", "Remote-Groups": "ops|x" }, peer: "10.9.9.9" }),
    );
    expect(r.kind === "pass" && r.identity).toMatchObject({ id: "bob", admin: true, scope: { all: true } });
    expect(splitGroups(" a , b|c,,a ")).toEqual(["a", "b", "c"]);
  });
  it("refuses a foreign Host before anything else (DNS rebinding)", async () => {
    const r = await authenticate(proxy, req("/", { headers: { ...user, host: "evil.example" }, peer: "10.0.0.5" }));
    expect(r.kind === "respond" && r.response.status).toBe(421);
  });
});

describe("gate: signed links", () => {
  const c = cfg({ SIGHTLINE_AUTH: "proxy", SIGHTLINE_AUTH_PROXY_SOURCES: "10.0.0.0/8" });
  it("opens /embed/… with a valid token and no session; /go also sets the link cookie", async () => {
    const { token } = await signLink(c.linkKeys, {
      scope: { allow: [{ compose: "shop" }] },
      ttlSeconds: 600,
      sub: "ann",
    });
    const e = await authenticate(c, req(`/embed/containers/shop-cart-1?token=${token}&from=1&to=2`));
    expect(e.kind === "pass" && e.identity).toMatchObject({ via: "link", scope: { allow: [{ compose: "shop" }] } });
    const g = await authenticate(c, req(`/go?name=shop-cart-1&token=${token}`));
    expect(g.kind === "pass" && g.setCookies[0]).toMatch(
      new RegExp(`^${LINK_COOKIE}=${token}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`),
    );
    // The cookie then carries the container page and its API calls.
    const api = await authenticate(c, req("/api/containers/shop-cart-1", { cookies: { [LINK_COOKIE]: token } }));
    expect(api.kind === "pass" && api.identity.via).toBe("link");
    // A token elsewhere than /embed and /go is not a way in.
    const other = await authenticate(c, req(`/api/containers?token=${token}`));
    expect(other.kind === "respond" && other.response.status).toBe(401);
  });
  it("answers 401 saying expired or altered, with no data", async () => {
    const old = await signLink(c.linkKeys, {
      scope: { all: true },
      ttlSeconds: 60,
      sub: "ann",
      now: Date.now() - 3_600_000,
    });
    const r = await authenticate(c, req(`/embed/containers/x?token=${old.token}`));
    expect(r.kind === "respond" && r.response.status).toBe(401);
    const html = r.kind === "respond" ? await r.response.text() : "";
    expect(html).toContain("This link has expired");
    const t = (await signLink(c.linkKeys, { scope: { all: true }, ttlSeconds: 60, sub: "ann" })).token;
    const bad = `${t.slice(0, 40)}${t[40] === "a" ? "b" : "a"}${t.slice(41)}`;
    const r2 = await authenticate(c, req(`/embed/containers/x?token=${bad}`));
    expect(r2.kind === "respond" && (await r2.response.text())).toContain("This link is not valid");
  });
});

describe("gate: oidc sessions", () => {
  const c = cfg({
    SIGHTLINE_AUTH: "oidc",
    SIGHTLINE_OIDC_ISSUER: "http://127.0.0.1:1",
    SIGHTLINE_OIDC_CLIENT_ID: "sightline",
    SIGHTLINE_SESSION_SECRET: SESSION,
  });
  const key = c.sessionKey!;
  it("reads the session cookie; without one a page redirects to the login with its deep link", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const s = await sealSession(key, { sub: "1", user: "ann", groups: ["shop"], exp, sid: "a" });
    const r = await authenticate(c, req("/containers/shop-cart-1", { cookies: { [SESSION_COOKIE]: s } }));
    expect(r.kind === "pass" && r.identity).toMatchObject({ via: "oidc", id: "ann" });
    const anon = await authenticate(c, req("/containers/shop-cart-1?from=now-1h"));
    expect(anon.kind === "respond" && anon.response.status).toBe(303);
    expect(anon.kind === "respond" && anon.response.headers.get("location")).toBe(
      `http://127.0.0.1:3000/auth/login?returnTo=${encodeURIComponent("/containers/shop-cart-1?from=now-1h")}`,
    );
    const api = await authenticate(c, req("/api/containers"));
    expect(api.kind === "respond" && api.response.status).toBe(401);
  });
  it("says the session expired", async () => {
    const s = await sealSession(key, {
      sub: "1",
      user: "ann",
      groups: [],
      exp: Math.floor(Date.now() / 1000) - 5,
      sid: "a",
    });
    const r = await authenticate(c, req("/", { cookies: { [SESSION_COOKIE]: s } }));
    expect(r.kind === "respond" && r.response.headers.get("location")).toMatch(/expired=1$/);
  });
});
