// The hostile/load world (#13): the demo world (seed 7), plus two containers whose last hour
// holds exactly 1,000 lines: one ordinary, one with ten 256 KB adversarial lines among them.
import type { LokiEntry, LokiSource, LokiStreamSource, LokiStreamWalker } from "../../mocks/sources";
import { createWorld } from "../../mocks/world/world";

export const LINES = 1000;
const SPACING_MS = 3000;
const KB256 = 256 * 1024;

function ordinary(i: number, atMs: number): string {
  return `ts=${new Date(atMs).toISOString()} level=info logger=api msg="GET /cart/${i} 200" duration_ms=${i % 97} trace_id=${(0x1000 + i).toString(16).padStart(32, "0")}`;
}

/** What made the old logfmt regex backtrack: word runs, an unterminated quote, a long User-Agent. */
function adversarial(n: number): string {
  switch (n % 4) {
    case 0:
      return "a".repeat(KB256);
    case 1:
      return `level=warn msg="${"x".repeat(KB256)}`;
    case 2:
      return `127.0.0.1 - - [05/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "Mozilla/5.0 ${"A".repeat(KB256 - 80)}"`;
    default:
      return `${"k.".repeat(KB256 / 2)}`;
  }
}

class FixedStream implements LokiStreamSource, LokiStreamWalker {
  private readonly entries: LokiEntry[];
  constructor(
    readonly labels: Record<string, string>,
    endMs: number,
    hostile: boolean,
  ) {
    this.entries = Array.from({ length: LINES }, (_, i) => {
      const at = endMs - (LINES - i) * SPACING_MS;
      const line = hostile && i % 100 === 50 ? adversarial(i / 100) : ordinary(i, at);
      return { ns: `${BigInt(at) * 1_000_000n}`, line };
    });
  }
  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[] {
    return this.entries.filter((e) => BigInt(e.ns) >= fromNs && BigInt(e.ns) < toNs);
  }
  *walk(fromNs: bigint, toNs: bigint, direction: "forward" | "backward"): Generator<LokiEntry> {
    const list = this.entriesIn(fromNs, toNs);
    if (direction === "backward") list.reverse();
    yield* list;
  }
}

export function loadWorld() {
  const world = createWorld({ seed: 7 });
  const base = world.lokiSource();
  const names = [...new Set(base.streams().map((s) => s.labels.container ?? ""))].filter(Boolean).sort();
  const plain = names[0] ?? "";
  const hostile = names[1] ?? "";
  const endMs = world.now();
  const fixed = new Map<string, FixedStream>();
  const loki: LokiSource = {
    streams() {
      return base.streams().map((s) => {
        const c = s.labels.container;
        if (c !== plain && c !== hostile) return s;
        let f = fixed.get(c);
        if (!f) {
          f = new FixedStream(s.labels, endMs, c === hostile);
          fixed.set(c, f);
        }
        return f;
      });
    },
  };
  return { world, loki, plain, hostile, names, endMs };
}
