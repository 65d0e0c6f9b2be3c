// The live-tail cap per client (issue #13): it counts the authenticated identity when access
// control is on, else the TCP peer's address; X-Forwarded-For only counts when the peer is a
// proxy the operator trusts (SIGHTLINE_TRUSTED_PROXIES). Real tail route, demo world's mock Loki.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/containers/[ref]/logs/tail/route";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { EVERYTHING } from "../auth/selector";
import { resetConfigForTests } from "../config";
import { parseLimitsConfig } from "../limits-config";
import { stampIdentity } from "./auth/identity";
import { stampPeerForTests } from "./auth/peer";
import { clientAddress } from "./client-key";
import { tailHub } from "./tail-hub";

const VARS = [
  "SIGHTLINE_TAIL_PER_CLIENT",
  "SIGHTLINE_AUTH",
  "SIGHTLINE_AUTH_PROXY_SECRET",
  "SIGHTLINE_TRUSTED_PROXIES",
];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
let demo: Awaited<ReturnType<typeof useDemoBackends>>;
const open: AbortController[] = [];

function configure(env: Record<string, string>) {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, { SIGHTLINE_TAIL_PER_CLIENT: "2", ...env });
  resetConfigForTests();
  tailHub().closeAll();
  (globalThis as { __sightlineTailHub?: unknown }).__sightlineTailHub = undefined;
}

beforeAll(async () => {
  demo = await useDemoBackends();
});
afterEach(() => {
  for (const ac of open.splice(0)) ac.abort();
  tailHub().closeAll();
});
afterAll(async () => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  (globalThis as { __sightlineTailHub?: unknown }).__sightlineTailHub = undefined;
  await demo.restore();
});

async function tail(o: { peer: string; xff?: string; user?: string }): Promise<number> {
  const ac = new AbortController();
  open.push(ac);
  const headers = new Headers(o.xff ? { "x-forwarded-for": o.xff } : {});
  stampPeerForTests(headers, o.peer);
  if (o.user)
    stampIdentity(headers, { via: "proxy", id: o.user, user: o.user, groups: [], scope: EVERYTHING, admin: false });
  const res = await GET(
    new Request("http://s/api/containers/shop-frontend-1/logs/tail", { signal: ac.signal, headers }),
    {
      params: Promise.resolve({ ref: "shop-frontend-1" }),
    },
  );
  if (res.status !== 200) expect(await res.text()).toMatch(/"message":"[^"]{10,}/);
  return res.status;
}

describe("live-tail cap per client", () => {
  it("access control on: two users behind one address each get their own cap", async () => {
    configure({ SIGHTLINE_AUTH: "proxy", SIGHTLINE_AUTH_PROXY_SECRET: "proxy-secret-0123456789" });
    const nat = "203.0.113.9";
    expect(await tail({ peer: nat, user: "ann" })).toBe(200);
    expect(await tail({ peer: nat, user: "ann" })).toBe(200);
    expect(await tail({ peer: nat, user: "ann" })).toBe(429);
    // Bob shares Ann's address but not her share.
    expect(await tail({ peer: nat, user: "bob" })).toBe(200);
    expect(await tail({ peer: nat, user: "bob" })).toBe(200);
    // Nor does Ann get more from another address.
    expect(await tail({ peer: "198.51.100.1", user: "ann" })).toBe(429);
  }, 30_000);

  it("no trusted proxy: a forged X-Forwarded-For does not dodge the cap", async () => {
    configure({});
    const peer = "192.0.2.7";
    expect(await tail({ peer, xff: "10.0.0.1" })).toBe(200);
    expect(await tail({ peer, xff: "10.0.0.2" })).toBe(200);
    expect(await tail({ peer, xff: "10.0.0.3" })).toBe(429);
    expect(await tail({ peer: "192.0.2.8" })).toBe(200);
  }, 30_000);

  it("a trusted proxy's X-Forwarded-For counts, from the right (a prepended address changes nothing)", async () => {
    configure({ SIGHTLINE_TRUSTED_PROXIES: "192.0.2.0/28" });
    const proxy = "192.0.2.7";
    expect(await tail({ peer: proxy, xff: "10.0.0.1" })).toBe(200);
    expect(await tail({ peer: proxy, xff: "10.0.0.1" })).toBe(200);
    expect(await tail({ peer: proxy, xff: "6.6.6.6, 10.0.0.1" })).toBe(429);
    expect(await tail({ peer: proxy, xff: "10.0.0.2" })).toBe(200);
    expect(await tail({ peer: proxy, xff: "10.0.0.3, 192.0.2.5" })).toBe(200);
  }, 30_000);
});

describe("clientAddress", () => {
  const limits = (v?: string) => parseLimitsConfig(v ? { SIGHTLINE_TRUSTED_PROXIES: v } : {}).config;
  const h = (peer: string | undefined, xff?: string) => {
    const headers = new Headers(xff ? { "x-forwarded-for": xff } : {});
    if (peer) stampPeerForTests(headers, peer);
    return headers;
  };
  it("is the peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress(h("::ffff:192.0.2.1", "10.0.0.1"), limits())).toBe("192.0.2.1");
    expect(clientAddress(h(undefined, "10.0.0.1"), limits())).toBeUndefined();
    expect(clientAddress(h("192.0.2.1", "10.0.0.1"), limits("10.0.0.0/8"))).toBe("192.0.2.1");
  });
  it("walks trusted hops from the right and stops at the first untrusted or garbled one", () => {
    const l = limits("10.0.0.0/8,::1");
    expect(clientAddress(h("::1", "198.51.100.4, 10.1.1.1"), l)).toBe("198.51.100.4");
    expect(clientAddress(h("10.0.0.1", "1.1.1.1, not-an-ip, 10.2.2.2"), l)).toBe("10.2.2.2");
    expect(clientAddress(h("10.0.0.1", "[2001:db8::1]:443"), l)).toBe("2001:db8::1");
    expect(clientAddress(h("10.0.0.1"), l)).toBe("10.0.0.1");
  });
});
