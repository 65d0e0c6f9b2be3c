// The bench world: the demo world's sources, except that one container (the "dense" one) logs
// exactly 1,000 lines per second, every second. That gives any range ≥ 5 s at least 5,000 lines
// for the list scenarios and a steady 1,000 lines/s for the live tail (the mock Loki server
// polls its source every second).
import { createWorld } from "../../mocks/world/world";
import type { Labels, LokiEntry, LokiSource, LokiStreamSource, LokiStreamWalker } from "../../mocks/sources";

export const DENSE_CONTAINER = "shop-worker-1";
export const DEEP_LINK_CONTAINER = "shop-frontend-1";
export const DENSE_LINES_PER_SECOND = 1000;

const NS_PER_MS = 1_000_000n;
/** Line k is at k ms + this offset (ns), so every line has a distinct, exact timestamp. */
const OFFSET_NS = 123_456n;

const LEVELS = ["info", "info", "info", "debug", "info", "warn", "info", "error"] as const;
const OPS = ["process_order", "reserve_stock", "send_receipt", "sync_inventory", "refresh_cache"] as const;

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

function mix(k: number): number {
  let x = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Line k (k = the millisecond it was written): logfmt like a Python worker, with a trace ID on most lines. */
export function denseLine(k: number): LokiEntry {
  const h = mix(k);
  const level = LEVELS[h % LEVELS.length]!;
  const op = OPS[(h >>> 3) % OPS.length]!;
  // Lines of the same 16 ms share a trace, like a request's lines.
  const t = k >>> 4;
  const trace = h % 5 === 0 ? "" : ` trace_id=${hex8(mix(t))}${hex8(mix(t + 1))}${hex8(mix(t + 2))}${hex8(mix(t + 3))}`;
  const line = `ts=${new Date(k).toISOString()} level=${level} logger=worker.${op} msg="${op} done" order_id=${(h % 900_000) + 100_000} duration_ms=${h % 250}${trace}`;
  return { ns: (BigInt(k) * NS_PER_MS + OFFSET_NS).toString(), line };
}

export class DenseStream implements LokiStreamSource, LokiStreamWalker {
  constructor(
    readonly labels: Labels,
    private readonly now: () => number,
  ) {}

  /** [kMin, kMax] of the lines with fromNs ≤ ns < toNs, nothing after now. */
  private slots(fromNs: bigint, toNs: bigint): [number, number] {
    const nowNs = BigInt(Math.floor(this.now())) * NS_PER_MS + 1n;
    const to = toNs < nowNs ? toNs : nowNs;
    const ceilDiv = (a: bigint, b: bigint) => (a >= 0n ? (a + b - 1n) / b : a / b);
    const kMin = Number(ceilDiv(fromNs - OFFSET_NS, NS_PER_MS));
    const kMax = Number(ceilDiv(to - OFFSET_NS, NS_PER_MS)) - 1;
    return [kMin, kMax];
  }

  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[] {
    const [a, b] = this.slots(fromNs, toNs);
    const out: LokiEntry[] = [];
    for (let k = a; k <= b; k++) out.push(denseLine(k));
    return out;
  }

  countIn(fromNs: bigint, toNs: bigint): number {
    const [a, b] = this.slots(fromNs, toNs);
    return Math.max(0, b - a + 1);
  }

  *walk(fromNs: bigint, toNs: bigint, direction: "forward" | "backward"): Generator<LokiEntry> {
    const [a, b] = this.slots(fromNs, toNs);
    if (direction === "forward") for (let k = a; k <= b; k++) yield denseLine(k);
    else for (let k = b; k >= a; k--) yield denseLine(k);
  }
}

export function createBenchWorld(seed = 42) {
  const world = createWorld({ seed });
  const base = world.lokiSource();
  let dense: DenseStream | undefined;
  const loki: LokiSource = {
    streams() {
      return base.streams().map((s) => {
        if (s.labels.container !== DENSE_CONTAINER) return s;
        dense ??= new DenseStream(s.labels, world.now);
        return dense;
      });
    },
  };
  return { world, loki };
}
