// The log follower shared by the shipper, the exporter and the real-mocks log store.
import { describe, expect, it } from "vitest";
import { logsPath, newCursor, parseTimestamp, unseenLines } from "./log-cursor.mjs";

function frame(text: string, stream = 1): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}
const body = (...lines: string[]) => Buffer.concat(lines.map((l) => frame(`${l}\n`)));
const texts = (b: Buffer, c: ReturnType<typeof newCursor>) => [...unseenLines(b, c)].map((l) => l.text);

describe("log cursor", () => {
  it("reads RFC3339 timestamps to the nanosecond", () => {
    expect(parseTimestamp("2026-11-21T22:34:50Z")).toBe(1795300490_000_000_000n);
    expect(parseTimestamp("2026-11-21T22:34:50.5Z")).toBe(1795300490_500_000_000n);
    expect(parseTimestamp("2026-12-05T15:29:26.000000123Z")).toBe(1796484566000000123n);
    expect(parseTimestamp("Terminated")).toBeUndefined();
  });

  it("asks from the last second seen", () => {
    const c = newCursor();
    expect(logsPath("abc", c)).toBe("/v1.41/containers/abc/logs?stdout=1&stderr=1&timestamps=1&since=0");
    texts(body("2026-11-21T22:34:50Z a"), c);
    expect(logsPath("abc", c)).toMatch(/since=1795300490$/);
  });

  it("skips the lines of the repeated second already taken, and nothing else", () => {
    const c = newCursor();
    expect(texts(body("2026-11-21T22:34:50Z a", "2026-11-21T22:34:50Z b"), c)).toEqual(["a", "b"]);
    // `since=<that second>` returns its lines again, plus a new one in it and one after.
    const again = body(
      "2026-11-21T22:34:50Z a",
      "2026-11-21T22:34:50Z b",
      "2026-11-21T22:34:50Z c",
      "2026-11-21T22:34:51Z d",
    );
    expect(texts(again, c)).toEqual(["c", "d"]);
    expect(texts(body("2026-11-21T22:34:51Z d"), c)).toEqual([]);
  });

  it("drops untimed lines and a cut-off last frame (read again next pass), keeps stderr frames", () => {
    const c = newCursor();
    const b = Buffer.concat([
      frame("2026-11-21T22:34:50Z out\nno timestamp\n"),
      frame("2026-11-21T22:34:50Z err\n", 2),
      frame("2026-11-21T22:34:52Z cut\n").subarray(0, 12),
    ]);
    const got = [...unseenLines(b, c)];
    expect(got.map((l) => l.text)).toEqual(["out", "err"]);
    expect(got[0]?.ns).toBe(1795300490_000_000_000n);
    expect(c).toEqual({ sec: 1795300490, seen: 2 });
  });
});
