// A huge log line reaches the browser cut, with its real length, and still sorts and parses.
import { describe, expect, it } from "vitest";
import { MAX_LINE_CHARS } from "../../model/log-parse";
import { asNanosString } from "../../model/time";
import { streamsToLines } from "./to-model";

const T = "2c4d87704d15565aa38c99f600db6813";

describe("streamsToLines with hostile lines", () => {
  it("cuts a 1 MiB line to MAX_LINE_CHARS, keeps its length and what was read from its start", () => {
    const huge = `level=error trace_id=${T} ${"u".repeat(1024 * 1024)}`;
    const [cut, ok] = streamsToLines(
      [
        {
          stream: { container: "c" },
          values: [
            [asNanosString("1795300414000000002"), huge],
            [asNanosString("1795300414000000001"), "level=info short"],
          ],
        },
      ],
      "backward",
    );
    expect(cut?.line).toHaveLength(MAX_LINE_CHARS);
    expect(cut?.lineLength).toBe(huge.length);
    expect(cut).toMatchObject({ level: "error", traceId: T });
    expect(ok?.lineLength).toBeUndefined();
    expect(ok?.line).toBe("level=info short");
  });
});
