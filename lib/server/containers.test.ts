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
