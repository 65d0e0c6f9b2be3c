// What a window request of a huge trace costs on the server (#15), without a browser or HTTP:
//   node --import tsx scripts/bench/diag-window.ts [spans=1000000] [runs=5]
// The trace is decoded and laid out as the trace store does (decodeOtlpTable, then
// buildWaterfallTable with the container column); then each step of lib/server/trace-window.ts
// is timed: a view's first window with nothing kept (visibleRows pass + slice + encode), a
// window of a kept view (slice + encode only), a query's first window (the search), span=
// (find, reveal, locate). "cold" = a fresh stored trace, so nothing is kept; medians of `runs`.
// Run it on an idle machine (flock /tmp/heavy.lock …) for absolute figures.
import { decodeOtlpTable } from "../../lib/backends/jaeger/otlp-columns";
import { LoadedTrace } from "../../lib/server/trace";
import type { StoredTrace } from "../../lib/server/trace-store";
import { windowOf } from "../../lib/server/trace-window";
import { attachSpanColumn, buildWaterfallTable } from "../../lib/trace-wire/layout";
import { spanIdAt } from "../../lib/trace-wire/model";
import { DEFAULT_VIEW, type ViewSpec, WINDOW_FIRST_ROWS } from "../../lib/trace-wire/window";
import { otlpBody } from "./otlp-body";

const n = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 5);

const b = otlpBody(n);
const chunks: Uint8Array[] = [];
for (let i = 0; i < b.length; i += 65536) chunks.push(new Uint8Array(b.subarray(i, i + 65536)));
const table = decodeOtlpTable(chunks, { what: "bench" })!;
const laid = attachSpanColumn(
  buildWaterfallTable(table, { version: "v" }),
  "container",
  new Int32Array(table.n).fill(-1),
);
chunks.length = 0;

let seq = 0;
/** A fresh stored trace over the same columns: its kept views and queries start empty. */
const fresh = (): StoredTrace => ({
  key: `k${++seq}`,
  version: "v",
  body: new LoadedTrace(table, [], [], []),
  laid,
  placeKey: "",
  bytes: 0,
  loadedAt: 0,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const view = (v: Partial<ViewSpec>): ViewSpec => ({ ...DEFAULT_VIEW, ...v });
const deep = laid.depth.findIndex((d) => d >= 8);
const count = WINDOW_FIRST_ROWS;

const cases: [string, (s: StoredTrace) => void][] = [
  ["default view, first window, cold", (s) => windowOf(s, { view: DEFAULT_VIEW, first: 0, count })],
  ["default view, window at row n/2, kept", (s) => windowOf(s, { view: DEFAULT_VIEW, first: n >> 1, count })],
  [
    "collapse all + 3 toggles, cold",
    (s) => windowOf(s, { view: view({ base: "all", toggled: [0, 1, 2] }), first: 0, count }),
  ],
  ["query op-7, first window, cold (search)", (s) => windowOf(s, { view: view({ q: "op-7" }), first: 0, count })],
  [
    "query op-7, only matches, query kept",
    (s) => windowOf(s, { view: view({ q: "op-7", only: true }), first: 0, count }),
  ],
  [
    "query op-7, only matches, window at row 5000, kept",
    (s) => windowOf(s, { view: view({ q: "op-7", only: true }), first: 5000, count }),
  ],
  [
    "span= a depth-8 span in collapse-all, cold",
    (s) => windowOf(s, { view: view({ base: "all" }), first: 0, count, spanId: spanIdAt(laid, deep) }),
  ],
];

const times = cases.map(() => [] as number[]);
let bytes = 0;
for (let r = 0; r < runs; r++) {
  const s = fresh(); // the cases run in order on one stored trace: "kept" follows its "cold"
  cases.forEach(([, f], k) => {
    const t = performance.now();
    f(s);
    times[k]!.push(performance.now() - t);
  });
  bytes = windowOf(s, { view: DEFAULT_VIEW, first: n >> 1, count }).length;
}
console.log(
  `${n.toLocaleString("en")} spans, windows of ${count} rows (${(bytes / 1024).toFixed(0)} KiB), median of ${runs}:`,
);
for (const [k, [name]] of cases.entries()) console.log(`  ${name}: ${median(times[k]!).toFixed(1)} ms`);
