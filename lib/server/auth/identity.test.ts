// The identity stamp between proxy.ts and the routes, with its per-process memo: a repeated
// stamp is read from the memo, and the memo never turns a bad stamp good or an expired link
// identity live.
import { afterEach, describe, expect, it, vi } from "vitest";
import { EVERYTHING, NOTHING } from "../../auth/selector";
import { resetConfigForTests } from "../../config";
import { IDENTITY_HEADER, type Identity, identityOf, stampIdentity } from "./identity";

const alice: Identity = {
  via: "proxy",
  id: "alice",
  groups: ["ops"],
  scope: { allow: [{ service: "cart" }] },
  admin: false,
};

function stamped(id: Identity): Headers {
  const h = new Headers();
  stampIdentity(h, id);
  return h;
}

afterEach(() => {
  vi.useRealTimers();
  delete process.env.SIGHTLINE_AUTH;
  delete process.env.SIGHTLINE_AUTH_PROXY_SECRET;
  resetConfigForTests();
});

describe("identity stamp", () => {
  it("reads back the same identity, the second time too", () => {
    const h = stamped(alice);
    expect(identityOf(h)).toEqual(alice);
    expect(identityOf(h)).toEqual(alice);
    expect(stamped(alice).get(IDENTITY_HEADER)).toBe(h.get(IDENTITY_HEADER));
  });

  it("a tampered stamp is refused even after the genuine one was read", () => {
    process.env.SIGHTLINE_AUTH = "proxy";
    process.env.SIGHTLINE_AUTH_PROXY_SECRET = "s".repeat(32);
    resetConfigForTests();
    const h = stamped(alice);
    expect(identityOf(h).id).toBe("alice");
    const [body, mac] = (h.get(IDENTITY_HEADER) ?? "").split(".");
    const forgedBody = Buffer.from(JSON.stringify({ ...alice, scope: EVERYTHING, admin: true })).toString("base64url");
    const forged = new Headers({ [IDENTITY_HEADER]: `${forgedBody}.${mac}` });
    expect(identityOf(forged)).toMatchObject({ id: "nobody", scope: NOTHING });
    const cut = new Headers({ [IDENTITY_HEADER]: `${body}.${mac?.slice(1)}` });
    expect(identityOf(cut).id).toBe("nobody");
  });

  it("a link identity ends with its link, remembered or not", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_000_000);
    const link: Identity = { ...alice, via: "link", id: "link:x", expiresAt: 1_000_500 };
    const h = stamped(link);
    expect(identityOf(h).id).toBe("link:x");
    vi.setSystemTime(1_000_500);
    expect(identityOf(h).id).toBe("nobody");
  });
});
