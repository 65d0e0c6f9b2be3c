import { afterEach, describe, expect, it, vi } from "vitest";
import { PageGate, type Release } from "./page-gate";

afterEach(() => {
  vi.useRealTimers();
});

const now = (x: ReturnType<PageGate["enter"]>): Release => {
  if (typeof x !== "function") throw new Error("expected a slot at once");
  return x;
};

describe("PageGate", () => {
  it("lets `concurrency` renders in, queues the next ones in order, refuses beyond the queue", async () => {
    const gate = new PageGate({ concurrency: 2, queue: 2, queueTimeoutMs: 10_000 });
    const a = now(gate.enter());
    now(gate.enter());
    const c = gate.enter();
    const d = gate.enter();
    expect(c).toBeInstanceOf(Promise);
    expect(d).toBeInstanceOf(Promise);
    expect(gate.enter()).toBeUndefined();
    expect(gate.stats()).toEqual({ running: 2, waiting: 2 });
    const order: string[] = [];
    void (c as Promise<Release | undefined>).then(() => order.push("c"));
    void (d as Promise<Release | undefined>).then(() => order.push("d"));
    a();
    a(); // a second release of the same slot changes nothing
    await Promise.resolve();
    expect(order).toEqual(["c"]);
    expect(gate.stats()).toEqual({ running: 2, waiting: 1 });
  });

  it("runs one render at a time while the loop is late, and `concurrency` again once it is not", async () => {
    const gate = new PageGate({ concurrency: 3, queue: 4, queueTimeoutMs: 10_000 });
    let late = true;
    gate.late = () => late;
    const a = now(gate.enter());
    const b = gate.enter() as Promise<Release | undefined>;
    const c = gate.enter() as Promise<Release | undefined>;
    expect(b).toBeInstanceOf(Promise);
    expect(gate.stats()).toEqual({ running: 1, waiting: 2 });
    late = false;
    a();
    // The freed slot and the two more the loop allows again: both waiting requests run.
    expect(typeof (await b)).toBe("function");
    expect(typeof (await c)).toBe("function");
    expect(gate.stats()).toEqual({ running: 2, waiting: 0 });
    expect(typeof gate.enter()).toBe("function");
  });

  it("does not let a newcomer pass requests already waiting", async () => {
    const gate = new PageGate({ concurrency: 1, queue: 4, queueTimeoutMs: 10_000 });
    const a = now(gate.enter());
    const b = gate.enter() as Promise<Release | undefined>;
    a();
    // b holds the freed slot: the next one waits.
    expect(gate.enter()).toBeInstanceOf(Promise);
    const rb = await b;
    expect(typeof rb).toBe("function");
    expect(gate.stats()).toEqual({ running: 1, waiting: 1 });
  });

  it("gives up a wait after queueTimeoutMs, and the slot goes to the next one", async () => {
    vi.useFakeTimers();
    const gate = new PageGate({ concurrency: 1, queue: 4, queueTimeoutMs: 2000 });
    const a = now(gate.enter());
    const b = gate.enter() as Promise<Release | undefined>;
    vi.advanceTimersByTime(1999);
    expect(gate.stats().waiting).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await b).toBeUndefined();
    expect(gate.stats()).toEqual({ running: 1, waiting: 0 });
    const c = gate.enter() as Promise<Release | undefined>;
    a();
    expect(typeof (await c)).toBe("function");
  });
});
