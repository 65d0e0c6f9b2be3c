// The inventory orchestration with fake engines: every engine listed, one failing engine
// reported without hiding the others, short-lived sharing between concurrent requests, and
// container references resolved by id, short id, prefix or name.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Backends } from "../backends/factory";
import type { Container } from "../model/container";
import { backends, container, fakeEngine } from "./fake-backends.test-helper";

const state = vi.hoisted(() => ({ b: undefined as unknown }));
vi.mock("./backends", () => ({ getBackends: async () => state.b }));

async function load() {
  vi.resetModules();
  return import("./containers");
}

const cart = container("shop-cart-1", { id: "c".repeat(64), compose: { project: "shop", service: "cart" } });
const db = container("shop-db-1", { id: "d".repeat(64), compose: { project: "shop", service: "db" } });
const lone = container("adminer", { id: "e".repeat(64) });

beforeEach(() => {
  state.b = undefined;
});

describe("listContainers", () => {
  it("merges every engine; a compose project's containers sorted by name, together", async () => {
    const { listContainers } = await load();
    state.b = backends({
      engines: [fakeEngine("a", async () => [lone, db]), fakeEngine("b", async () => [cart])],
    }) satisfies Backends;
    const inv = await listContainers();
    const names = inv.containers.map((c) => c.name);
    expect(names.filter((n) => n.startsWith("shop-"))).toEqual(["shop-cart-1", "shop-db-1"]);
    expect(names.indexOf("shop-db-1") - names.indexOf("shop-cart-1")).toBe(1);
    expect(names).toContain("adminer");
    expect(inv.errors).toEqual([]);
  });

  it("one engine failing keeps the others and says which failed", async () => {
    const { listContainers } = await load();
    state.b = backends({
      engines: [
        fakeEngine("a", async () => [cart]),
        fakeEngine("b", async () => {
          throw new Error("engine: socket /run/podman.sock missing");
        }),
      ],
    });
    const inv = await listContainers();
    expect(inv.containers.map((c) => c.name)).toEqual(["shop-cart-1"]);
    expect(inv.errors).toHaveLength(1);
    expect(inv.errors[0]?.message).toContain("socket /run/podman.sock missing");
  });

  it("concurrent requests share one listing", async () => {
    const { listContainers } = await load();
    let calls = 0;
    state.b = backends({
      engines: [
        fakeEngine("a", async () => {
          calls += 1;
          return [cart];
        }),
      ],
    });
    await Promise.all([listContainers(), listContainers(), listContainers()]);
    expect(calls).toBe(1);
  });
});

describe("matchRef", () => {
  it("full id, name, a unique id prefix; several matches are all returned", async () => {
    const { matchRef } = await load();
    const all: Container[] = [cart, db, container("shop-cart-2", { id: `cc${"0".repeat(62)}` })];
    expect(matchRef(all, "c".repeat(64))).toEqual([cart]);
    expect(matchRef(all, "/shop-db-1")).toEqual([db]);
    expect(matchRef(all, "cccc")).toEqual([cart]);
    expect(matchRef(all, "cc").length).toBe(0); // shorter than 4: not an id prefix
    expect(matchRef(all, "CCCCCC").map((c) => c.name)).toEqual(["shop-cart-1"]);
    expect(matchRef(all, "nothing")).toEqual([]);
  });
});

describe("resolveContainer", () => {
  /** An engine listing `list()` (counted) and inspecting only the ids in `alive`. */
  function engine(list: () => Container[], alive: () => string[]) {
    const calls = { list: 0, inspect: 0 };
    const e = {
      ...fakeEngine("unix:///var/run/docker.sock", async () => {
        calls.list += 1;
        return list();
      }),
      inspect: async (id: string): Promise<Container | undefined> => {
        calls.inspect += 1;
        if (!alive().includes(id)) throw new Error(`no such container ${id}`);
        return { ...container(`c-${id.slice(0, 4)}`, { id }), hostname: `h-${id.slice(0, 4)}` };
      },
    };
    return { e, calls };
  }

  it("reuses a recent listing to resolve a ref (no new listing after the inventory's few seconds)", async () => {
    const { resolveContainer, RESOLVE_REUSE_MS } = await load();
    const { e, calls } = engine(
      () => [cart, db],
      () => [cart.id, db.id],
    );
    state.b = backends({ engines: [e] });
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(t0);
      expect((await resolveContainer("shop-cart-1")).container?.id).toBe(cart.id);
      now.mockReturnValue(t0 + 10_000);
      const r = await resolveContainer("shop-db-1");
      expect(r.container).toMatchObject({ id: db.id, hostname: `h-${db.id.slice(0, 4)}` });
      expect(calls.list).toBe(1);
      now.mockReturnValue(t0 + RESOLVE_REUSE_MS + 1);
      await resolveContainer("shop-db-1");
      expect(calls.list).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it("lists again when the reused listing's container is gone (recreated under a new id)", async () => {
    const { resolveContainer } = await load();
    const again = container("shop-cart-1", { id: "f".repeat(64) });
    let current = [cart];
    const { e, calls } = engine(
      () => current,
      () => current.map((c) => c.id),
    );
    state.b = backends({ engines: [e] });
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(t0);
      expect((await resolveContainer("shop-cart-1")).container?.id).toBe(cart.id);
      current = [again];
      now.mockReturnValue(t0 + 5_000);
      const r = await resolveContainer("shop-cart-1");
      expect(r.container?.id).toBe(again.id);
      expect(r.errors).toEqual([]);
      expect(calls.list).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it("never answers a miss from the reused listing: a new container is found by a new listing", async () => {
    const { resolveContainer } = await load();
    let current = [cart];
    const { e, calls } = engine(
      () => current,
      () => current.map((c) => c.id),
    );
    state.b = backends({ engines: [e] });
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(t0);
      await resolveContainer("shop-cart-1");
      current = [cart, lone];
      now.mockReturnValue(t0 + 5_000);
      expect((await resolveContainer("adminer")).container?.id).toBe(lone.id);
      expect(calls.list).toBe(2);
    } finally {
      now.mockRestore();
    }
  });
});
