// Event-loop delay (issue #13): the smoothed lateness of a periodic timer, on a fake clock. One
// long task is not an overload, a run of late turns is, and a loop stuck right now counts as late
// before its timer fires; the refusal says how late and asks for a longer wait the later it is.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InFlightLimit,
  LIMIT_DECREASE,
  LIMIT_STEP_MS,
  LoopDelay,
  limitedFor,
  overloadFor,
  SHED_MIN_IN_FLIGHT,
  SMOOTHING,
  startLoopDelaySampler,
} from "./loop-delay";

describe("LoopDelay", () => {
  it("stays near zero while the timer fires on time", () => {
    const d = new LoopDelay(10, 0);
    // Each tick 1 ms after it was due.
    let t = 0;
    for (let i = 0; i < 100; i++) d.tick((t += 11));
    expect(d.delayMs(t + 5)).toBeCloseTo(1, 5);
  });

  it("one long task moves the smoothed delay by a fraction of it; a run of late turns converges on it", () => {
    const d = new LoopDelay(10, 0);
    d.tick(10);
    d.tick(20 + 100); // one 100 ms task
    expect(d.delayMs(120)).toBeCloseTo(SMOOTHING * 100, 5);
    expect(d.delayMs(120)).toBeLessThan(50);
    let t = 120;
    for (let i = 0; i < 20; i++) {
      t += 10 + 200; // every turn 200 ms late
      d.tick(t);
    }
    expect(d.delayMs(t)).toBeGreaterThan(190);
    expect(d.delayMs(t)).toBeLessThanOrEqual(200);
  });

  it("recovers once the turns are on time again", () => {
    const d = new LoopDelay(10, 0);
    let t = 0;
    for (let i = 0; i < 20; i++) d.tick((t += 210));
    for (let i = 0; i < 30; i++) d.tick((t += 10));
    expect(d.delayMs(t)).toBeLessThan(1);
  });

  it("counts a timer that is overdue now, before it fires", () => {
    const d = new LoopDelay(10, 0);
    d.tick(10);
    // Due at 20; at 520 the loop has been stuck for 500 ms.
    expect(d.delayMs(15)).toBe(0);
    expect(d.delayMs(520)).toBeCloseTo(SMOOTHING * 500, 5);
    // Never lower than the smoothed value because the timer is only slightly overdue.
    for (let i = 0, t = 10; i < 20; i++) d.tick((t += 310));
    const smoothed = d.delayMs(0);
    expect(d.delayMs(Number.MAX_SAFE_INTEGER) >= smoothed).toBe(true);
  });

  it("keeps the worst single delay until it is taken", () => {
    const d = new LoopDelay(10, 0);
    d.tick(10 + 80);
    d.tick(100 + 5);
    expect(d.takeWorst()).toBe(80);
    expect(d.takeWorst()).toBe(0);
  });
});

describe("overloadFor", () => {
  it("admits at or under the limit, and always when the limit is 0", () => {
    expect(overloadFor(0, 50)).toBeUndefined();
    expect(overloadFor(50, 50)).toBeUndefined();
    expect(overloadFor(10_000, 0)).toBeUndefined();
  });

  it("refuses over the limit with a message and a wait that grows with the delay", () => {
    expect(overloadFor(60.4, 50)).toEqual({
      message: "Sightline is busy: its work queue runs 60 ms late (limit 50 ms); try again in a moment",
      retryAfterS: 1,
    });
    expect(overloadFor(260, 50)?.retryAfterS).toBe(2);
    expect(overloadFor(800, 50)?.retryAfterS).toBe(4);
    expect(overloadFor(60_000, 50)?.retryAfterS).toBe(5);
  });
});

describe("InFlightLimit", () => {
  it("has no limit until the loop is late", () => {
    const l = new InFlightLimit(25, 0);
    expect(l.at(0, 100, 50)).toBe(Number.POSITIVE_INFINITY);
    expect(l.at(5 * LIMIT_STEP_MS, 10, 50)).toBe(Number.POSITIVE_INFINITY);
  });

  it("falls from what is in flight by LIMIT_DECREASE per step while late, never under the floor", () => {
    const l = new InFlightLimit(25, 0);
    let t = 0;
    expect(l.at((t += LIMIT_STEP_MS), 40, 48)).toBe(Math.floor(48 * LIMIT_DECREASE));
    // Within the same step it does not move again.
    expect(l.at(t + LIMIT_STEP_MS / 2, 400, 48)).toBe(Math.floor(48 * LIMIT_DECREASE));
    expect(l.at((t += LIMIT_STEP_MS), 40, 48)).toBe(Math.floor(Math.floor(48 * LIMIT_DECREASE) * LIMIT_DECREASE));
    for (let i = 0; i < 20; i++) l.at((t += LIMIT_STEP_MS), 40, 48);
    expect(l.at(t, 40, 48)).toBe(SHED_MIN_IN_FLIGHT);
  });

  it("grows back by one per step while the loop is on time", () => {
    const l = new InFlightLimit(25, 0);
    let t = 0;
    for (let i = 0; i < 20; i++) l.at((t += LIMIT_STEP_MS), 40, 30);
    expect(l.at(t, 40, 30)).toBe(SHED_MIN_IN_FLIGHT);
    expect(l.at((t += LIMIT_STEP_MS), 10, 12)).toBe(SHED_MIN_IN_FLIGHT + 1);
    // An idle stretch counts every step it lasted.
    expect(l.at((t += 10 * LIMIT_STEP_MS), 0, 12)).toBe(SHED_MIN_IN_FLIGHT + 11);
  });

  it("refuses with a message and a short wait", () => {
    expect(limitedFor(31.6, 20)).toEqual({
      message:
        "Sightline is busy: its work queue runs 32 ms late, so it serves 20 requests at once for now; try again in a moment",
      retryAfterS: 1,
    });
  });
});

describe("startLoopDelaySampler", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("samples on its own timer and reads the delay at the clock's now", () => {
    vi.useFakeTimers();
    let now = 0;
    const s = startLoopDelaySampler(10, () => now);
    // The timer fires on time: no delay.
    for (let i = 0; i < 5; i++) {
      now += 10;
      vi.advanceTimersByTime(10);
    }
    expect(s.delayMs()).toBe(0);
    // The clock runs 300 ms ahead of the timers: a stuck loop, seen before the next tick.
    now += 300;
    expect(s.delayMs()).toBeGreaterThan(50);
    s.stop();
  });
});
