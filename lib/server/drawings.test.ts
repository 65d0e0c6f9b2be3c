import { describe, expect, it } from "vitest";
import { DrawingStore, drawingUrl } from "./drawings";

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

  it("puts the drawing under the container's API path", () => {
    expect(drawingUrl("a b/c", "xyz")).toBe("/api/containers/a%20b%2Fc/drawing/xyz");
  });
});
