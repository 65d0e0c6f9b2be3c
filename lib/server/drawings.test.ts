import { describe, expect, it } from "vitest";
import { DrawingStore, drawingUrl, PENDING_BYTES } from "./drawings";

describe("the page's kept chart drawings", () => {
  it("answers a drawing by its id, for its own container only", () => {
    const s = new DrawingStore(60_000);
    const id = s.keep("c1", "<svg>a</svg>", 1000);
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(s.get("c1", id, 2000)).toBe("<svg>a</svg>");
    expect(s.get("c2", id, 2000)).toBeUndefined();
    expect(s.get("c1", "nope", 2000)).toBeUndefined();
    expect(s.keep("c1", "<svg>a</svg>", 1000)).not.toBe(id); // every render its own id
  });

  it("forgets a drawing after its time, and the oldest past the byte bound", () => {
    const s = new DrawingStore(60_000, 25);
    const old = s.keep("c", "x".repeat(10), 0);
    expect(s.get("c", old, 59_999)).toBeDefined();
    expect(s.get("c", old, 60_000)).toBeUndefined();
    const a = s.keep("c", "a".repeat(10), 70_000); // the expired one goes now
    expect(s.size).toBe(1);
    const b = s.keep("c", "b".repeat(10), 70_001);
    const c = s.keep("c", "c".repeat(10), 70_002); // 30 bytes > 25: the oldest goes
    expect(s.get("c", a, 70_003)).toBeUndefined();
    expect(s.get("c", b, 70_003)).toBe("b".repeat(10));
    expect(s.get("c", c, 70_003)).toBe("c".repeat(10));
  });

  it("makes a drawing when it is first asked for, once", () => {
    const s = new DrawingStore(60_000);
    let calls = 0;
    const id = s.keep(
      "c1",
      () => {
        calls++;
        return "<svg>late</svg>";
      },
      1000,
    );
    expect(calls).toBe(0); // not while the page renders
    expect(s.get("c2", id, 2000)).toBeUndefined(); // nor for another container
    expect(calls).toBe(0);
    expect(s.get("c1", id, 2000)).toBe("<svg>late</svg>");
    expect(s.get("c1", id, 3000)).toBe("<svg>late</svg>");
    expect(calls).toBe(1);
    expect(s.get("c1", id, 61_000)).toBeUndefined(); // its time counts from the page
  });

  it("a drawing that cannot be made is not found (the chart draws itself in the browser)", () => {
    const s = new DrawingStore(60_000);
    const none = s.keep("c", () => undefined, 0);
    const fails = s.keep(
      "c",
      () => {
        throw new Error("echarts");
      },
      0,
    );
    expect(s.get("c", none, 1)).toBeUndefined();
    expect(s.get("c", fails, 1)).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it("counts a drawing not made yet against the byte bound, then its SVG's size", () => {
    const s = new DrawingStore(60_000, PENDING_BYTES + 10);
    const a = s.keep("c", () => "a".repeat(5), 0);
    const b = s.keep("c", "b".repeat(10), 1); // PENDING_BYTES + 10: still within
    expect(s.size).toBe(2);
    expect(s.get("c", a, 2)).toBe("aaaaa"); // now 5 + 10 bytes
    const c = s.keep("c", () => "c", 3); // 15 + PENDING_BYTES > the bound: the oldest (a) goes
    expect(s.get("c", a, 4)).toBeUndefined();
    expect(s.get("c", b, 4)).toBe("b".repeat(10));
    expect(s.get("c", c, 4)).toBe("c");
  });

  it("puts the drawing under the container's API path", () => {
    expect(drawingUrl("a b/c", "xyz")).toBe("/api/containers/a%20b%2Fc/drawing/xyz");
  });
});
