import { describe, expect, it } from "vitest";
import { micros } from "@/lib/model/time";
import type { Span } from "@/lib/model/trace";
import {
  buildWaterfall,
  collapseAll,
  collapseBelow,
  expandAll,
  FLAG_CYCLE,
  FLAG_ERROR,
  FLAG_ORPHAN,
  findSpanPos,
  revealPos,
  rowIndexOf,
  spanIdAt,
  toggleCollapsed,
  visibleRows,
  type WaterfallModel,
} from "./waterfall-model";
import { decodeTrace, encodeTrace } from "@/lib/trace-wire/codec";
import { parseSearch, searchSpans as searchSpansOn } from "@/lib/trace-wire/search";
import { matchMask } from "./waterfall-match";

function span(id: string, parent: string | undefined, start: number, duration = 10, extra: Partial<Span> = {}): Span {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: id,
    parentSpanId: parent,
    service: "svc",
    name: `op-${id}`,
    kind: "internal",
    start: micros(start),
    duration: micros(duration),
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource: {},
    ...extra,
  };
}

const ids = (m: WaterfallModel, rows: Int32Array) => [...rows].map((p) => spanIdAt(m, p));
/** The server searches the spans it keeps, by pre-order position. */
const searchSpans = (m: ReturnType<typeof buildWaterfall> & { spans?: Span[] }, q: string) =>
  searchSpansOn(m.spans ?? [], m.order, q);
/** A model as the browser gets it: through the columnar encoding and back. */
const roundTrip = (m: ReturnType<typeof buildWaterfall>) => decodeTrace(encodeTrace(m).slice().buffer);

// root ─┬─ a ── a1
//       └─ b ─┬─ b1
//             └─ b2
// given out of order on purpose.
const tree = [
  span("b2", "b", 1060, 5),
  span("a1", "a", 1010, 5),
  span("root", undefined, 1000, 100),
  span("b", "root", 1050, 30),
  span("a", "root", 1005, 20),
  span("b1", "b", 1051, 5),
];

describe("buildWaterfall", () => {
  it("orders spans depth-first, children by start time", () => {
    const m = buildWaterfall(tree);
    expect(ids(m, visibleRows(m, expandAll(m)))).toEqual(["root", "a", "a1", "b", "b1", "b2"]);
  });

  it("computes depth, parent, child counts and subtree sizes by position", () => {
    const m = buildWaterfall(tree);
    const at = (id: string) => findSpanPos(m, id);
    expect([...m.depth]).toEqual([0, 1, 2, 1, 2, 2]);
    expect(m.parentPos[at("b1")]).toBe(at("b"));
    expect(m.parentPos[at("root")]).toBe(-1);
    expect(m.size[at("root")]).toBe(6);
    expect(m.size[at("b")]).toBe(3);
    expect(m.childCount[at("root")]).toBe(2);
    expect(m.childCount[at("a1")]).toBe(0);
    expect(m.maxDepth).toBe(2);
    expect(m.rootCount).toBe(1);
  });

  it("measures offsets from the earliest span and the trace end from the latest end", () => {
    const m = buildWaterfall(tree);
    expect(m.traceStart).toBe(1000);
    expect(m.traceEnd).toBe(1100);
    expect(m.offset[findSpanPos(m, "b")]).toBe(50);
    expect(m.duration[findSpanPos(m, "b")]).toBe(30);
  });

  it("treats spans whose parent is missing as flagged roots, in start order", () => {
    const m = buildWaterfall([
      span("root", undefined, 100),
      span("lost", "not-here", 50),
      span("child", "lost", 60),
      span("late", "gone", 200),
    ]);
    expect(ids(m, visibleRows(m, expandAll(m)))).toEqual(["lost", "child", "root", "late"]);
    expect(m.flags[findSpanPos(m, "lost")]! & FLAG_ORPHAN).toBeTruthy();
    expect(m.flags[findSpanPos(m, "late")]! & FLAG_ORPHAN).toBeTruthy();
    expect(m.flags[findSpanPos(m, "root")]! & FLAG_ORPHAN).toBe(0);
    expect(m.flags[findSpanPos(m, "child")]! & FLAG_ORPHAN).toBe(0);
    expect(m.orphanCount).toBe(2);
    expect(m.rootCount).toBe(3);
  });

  it("breaks parent cycles and self-parents instead of losing or looping on spans", () => {
    const m = buildWaterfall([
      span("x", "y", 10),
      span("y", "x", 20),
      span("self", "self", 30),
      span("r", undefined, 0),
    ]);
    const rows = visibleRows(m, expandAll(m));
    expect(rows.length).toBe(4);
    // Cycle members are placed after the regular roots (they are found only once those are walked).
    expect(ids(m, rows)).toEqual(["r", "self", "x", "y"]);
    expect(m.flags[findSpanPos(m, "x")]! & FLAG_CYCLE).toBeTruthy();
    expect(m.flags[findSpanPos(m, "self")]! & FLAG_CYCLE).toBeTruthy();
    expect(m.depth[findSpanPos(m, "y")]).toBe(1);
  });

  it("counts errors and services", () => {
    const m = buildWaterfall([
      span("r", undefined, 0, 10, { service: "front" }),
      span("c", "r", 1, 5, { service: "cart", status: "error" }),
      span("d", "r", 2, 5, { service: "cart" }),
    ]);
    expect(m.errorCount).toBe(1);
    expect(m.flags[findSpanPos(m, "c")]! & FLAG_ERROR).toBeTruthy();
    expect(m.services).toEqual([
      { name: "front", spans: 1, errors: 0 },
      { name: "cart", spans: 2, errors: 1 },
    ]);
  });

  it("handles an empty trace and duplicate span IDs", () => {
    const empty = buildWaterfall([]);
    expect(empty.n).toBe(0);
    expect(visibleRows(empty, expandAll(empty)).length).toBe(0);
    const dup = buildWaterfall([span("r", undefined, 0), span("r", undefined, 5), span("c", "r", 1)]);
    expect(visibleRows(dup, expandAll(dup)).length).toBe(3);
  });
});

describe("collapse and expand", () => {
  it("skips collapsed subtrees and restores them", () => {
    const m = buildWaterfall(tree);
    const b = findSpanPos(m, "b");
    const c1 = toggleCollapsed(m, expandAll(m), b);
    expect(ids(m, visibleRows(m, c1))).toEqual(["root", "a", "a1", "b"]);
    expect(visibleRows(m, toggleCollapsed(m, c1, b)).length).toBe(6);
    expect(visibleRows(m, collapseAll(m)).length).toBe(1);
    expect(ids(m, visibleRows(m, collapseBelow(m, 1)))).toEqual(["root", "a", "b"]);
  });

  it("does not collapse leaves and does not mutate the previous state", () => {
    const m = buildWaterfall(tree);
    const before = expandAll(m);
    expect(toggleCollapsed(m, before, findSpanPos(m, "a1"))).toBe(before);
    toggleCollapsed(m, before, 0);
    expect(before[0]).toBe(0);
  });

  it("reveals a span by expanding its collapsed ancestors only", () => {
    const m = buildWaterfall(tree);
    const all = collapseAll(m);
    const b2 = findSpanPos(m, "b2");
    const shown = revealPos(m, all, b2);
    expect(ids(m, visibleRows(m, shown))).toEqual(["root", "a", "b", "b1", "b2"]);
    expect(revealPos(m, shown, b2)).toBe(shown);
  });

  it("finds a row's index by binary search", () => {
    const m = buildWaterfall(tree);
    const rows = visibleRows(m, toggleCollapsed(m, expandAll(m), findSpanPos(m, "a")));
    expect(rowIndexOf(rows, findSpanPos(m, "b"))).toBe(2);
    expect(rowIndexOf(rows, findSpanPos(m, "a1"))).toBe(-1);
  });

  it("finds span IDs with or without leading zeros", () => {
    const m = buildWaterfall([span("00f067aa0ba902b7", undefined, 0)]);
    expect(findSpanPos(m, "f067aa0ba902b7")).toBe(0);
    expect(findSpanPos(m, "00F067AA0BA902B7")).toBe(0);
    expect(findSpanPos(m, "1")).toBe(-1);
  });
});

describe("search", () => {
  const spans = [
    span("r", undefined, 0, 100, { service: "frontend", name: "GET /checkout", kind: "server" }),
    span("c", "r", 10, 50, {
      service: "cart",
      name: "AddItem",
      attributes: { "http.status_code": 500, "user.id": "u-42" },
    }),
    span("p", "c", 20, 5, { service: "postgres", name: "SELECT", resource: { "host.name": "db-host" } }),
    span("e", "r", 70, 5, {
      service: "payment",
      name: "Charge",
      events: [{ time: micros(72), name: "exception", attributes: { "exception.message": "card declined" } }],
    }),
  ];
  const m = Object.assign(buildWaterfall(spans), { spans });
  const found = (q: string) => ids(m, searchSpans(m, q));

  it("matches service, operation, span ID, attribute keys and values, events and resource", () => {
    expect(found("cart")).toEqual(["c"]);
    expect(found("checkout")).toEqual(["r"]);
    expect(found("select")).toEqual(["p"]);
    expect(found("user.id")).toEqual(["c"]);
    expect(found("u-42")).toEqual(["c"]);
    expect(found("declined")).toEqual(["e"]);
    expect(found("db-host")).toEqual(["p"]);
    expect(found("server")).toEqual(["r"]);
    expect(found("e")).toContain("e");
  });

  it("needs every token to match; key=value matches one attribute", () => {
    expect(found("cart additem")).toEqual(["c"]);
    expect(found("cart charge")).toEqual([]);
    expect(found("http.status_code=500")).toEqual(["c"]);
    expect(found("http.status_code=200")).toEqual([]);
    expect(found('"get /checkout"')).toEqual(["r"]);
    expect(parseSearch('  a "b c"  k=v ')).toEqual([{ text: "a" }, { text: "b c" }, { key: "k", text: "v" }]);
  });

  it("returns nothing for an empty query and keeps ancestors of matches", () => {
    expect(searchSpans(m, "   ").length).toBe(0);
    const keep = matchMask(m, searchSpans(m, "postgres"));
    expect(ids(m, visibleRows(m, expandAll(m), keep))).toEqual(["r", "c", "p"]);
  });
});

describe("large traces", () => {
  it("builds, collapses and searches a 100,000-span trace", () => {
    const n = 100_000;
    const spans: Span[] = new Array(n);
    // A wide, fairly deep tree: every span's parent is a random earlier span.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < n; i++) {
      const parent = i === 0 ? undefined : `s${Math.floor(rnd() * i)}`;
      spans[i] = span(`s${i}`, parent, 1_000 + i, 5, { service: `svc-${i % 17}` });
    }
    for (let round = 0; round < 3; round++) {
      const m = Object.assign(buildWaterfall(spans), { spans });
      expect(m.n).toBe(n);
      expect(m.rootCount).toBe(1);
      expect(m.size[0]).toBe(n);
      expect(visibleRows(m, expandAll(m)).length).toBe(n);
      expect(visibleRows(m, collapseAll(m)).length).toBe(1);
      expect(m.services.length).toBe(17);
      const hits = searchSpans(m, "s99999");
      expect(ids(m, hits)).toEqual(["s99999"]);
      const shown = visibleRows(m, revealPos(m, collapseAll(m), hits[0]!));
      expect(rowIndexOf(shown, hits[0]!)).toBeGreaterThan(0);
      // Pre-order: every span's parent comes before it, and the subtree is contiguous.
      let bad = 0;
      for (let p = 1; p < n; p++) {
        const par = m.parentPos[p]!;
        if (!(par >= 0 && par < p && p < par + m.size[par]! && m.depth[p] === m.depth[par]! + 1)) bad++;
      }
      expect(bad).toBe(0);
    }
  }, 60_000);

  it("builds a 100,000-deep chain without recursion", () => {
    const n = 100_000;
    const spans = Array.from({ length: n }, (_, i) => span(`c${i}`, i ? `c${i - 1}` : undefined, i, n - i));
    const m = buildWaterfall(spans);
    expect(m.maxDepth).toBe(n - 1);
    expect(visibleRows(m, collapseBelow(m, 10)).length).toBe(11);
  });
});

describe("the columnar wire form", () => {
  it("gives the browser the same waterfall the server built", () => {
    const spans = [
      ...tree,
      span("lost", "nowhere", 1200, 3, { status: "error", statusMessage: "boom", kind: "client", service: "other" }),
    ];
    const m = buildWaterfall(spans, { traceId: "t1", version: "v9" });
    const d = roundTrip(m);
    expect(d.n).toBe(m.n);
    expect(d.version).toBe("v9");
    expect(ids(d, visibleRows(d, expandAll(d)))).toEqual(ids(m, visibleRows(m, expandAll(m))));
    expect([...d.parentPos]).toEqual([...m.parentPos]);
    expect([...d.size]).toEqual([...m.size]);
    expect([...d.offset]).toEqual([...m.offset]);
    const lost = findSpanPos(d, "lost");
    expect(d.flags[lost]! & FLAG_ORPHAN).toBeTruthy();
    expect(d.flags[lost]! & FLAG_ERROR).toBeTruthy();
    expect(d.orphanParents[lost]).toBe("nowhere");
    expect(d.strings[d.statusMessageOf[lost]!]).toBe("boom");
    expect(d.services.map((s) => s.name)).toEqual(["svc", "other"]);
    expect(d.serviceOf[lost]).toBe(1);
  });
});

describe("extra per-span columns", () => {
  it("arrive in pre-order with their table (e.g. a container index per span)", async () => {
    const { attachSpanColumn } = await import("@/lib/trace-wire/layout");
    // tree is given out of order: index i's container is i * 10.
    const byIndex = Uint16Array.from(tree.map((_, i) => i * 10));
    const m = attachSpanColumn(buildWaterfall(tree), "container", byIndex, [{ name: "c0" }]);
    const d = roundTrip(m);
    const col = d.extra.container as Uint16Array;
    expect(col).toBeInstanceOf(Uint16Array);
    for (let p = 0; p < d.n; p++) {
      const i = tree.findIndex((s) => s.spanId === spanIdAt(d, p));
      expect(col[p]).toBe(i * 10);
    }
    expect(d.tables.container).toEqual([{ name: "c0" }]);
  });
});
