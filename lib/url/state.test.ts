import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import type { SearchParamsInput } from "./params";
import { DEFAULT_RANGE, type RangeExpr } from "./range";
import {
  type ContainerViewState,
  containerViewState,
  type EmbedViewState,
  embedViewState,
  formatContainerView,
  formatEmbedView,
  formatInventoryView,
  formatTraceView,
  type InventoryViewState,
  inventoryViewState,
  type TraceViewState,
} from "./state";
import {
  parseContainerView,
  parseEmbedView,
  parseInventoryView,
  parseTraceIdSegment,
  parseTraceView,
} from "./state-parse";
import { absoluteTime, relativeTime } from "./time";
import type { ViewParseResult } from "./view";

const NOW = millis(Date.parse("2026-03-01T12:00:00Z"));
const TRACE = "2c4d87704d15565aa38c99f600db6813";
const SPAN = "e0c15ebb24a7f0f8";
const pinned: RangeExpr = { from: absoluteTime(1772359200000), to: absoluteTime(1772366400000) };
const relative: RangeExpr = { from: relativeTime(-6 * 3_600_000), to: relativeTime(-3_600_000) };
const rounded: RangeExpr = {
  from: { kind: "relative", expr: "now-1d/d", offsetMs: millis(-86_400_000), roundTo: "d" },
  to: relativeTime(0),
};
const HOSTILE = [
  `"'\`<script>alert(1)</script>`,
  "a&b=c#d%20e+f?g",
  "line1\nline2\r\n\ttab",
  "ünïcødé 🚀 日本語",
  '{job="x"} |= `y`',
];

function state<S>(r: ViewParseResult<S>): S {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r.errors)}`);
  return r.state;
}
function failed<S>(r: ViewParseResult<S>) {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.state)}`);
  return r;
}

describe("round trips: parse(format(s)) = s", () => {
  const containers: ContainerViewState[] = [
    containerViewState(),
    containerViewState({ range: pinned, tab: "logs", q: "timeout", qmode: "regex", live: true }),
    containerViewState({ range: relative, traceId: TRACE, spanId: SPAN, refresh: "30s", theme: "dark", embed: true }),
    containerViewState({ range: rounded, tab: "traces", theme: "light" }),
    containerViewState({ range: { from: relativeTime(-3_600_000), to: absoluteTime(1772366400000) } }),
    ...HOSTILE.map((q) => containerViewState({ q })),
  ];
  it.each(containers.map((s) => [formatContainerView(s), s] as const))("container ?%s", (query, s) => {
    expect(state(parseContainerView(new URLSearchParams(query), NOW))).toEqual(s);
  });

  const traces: TraceViewState[] = [
    { embed: false },
    { embed: false, spanId: SPAN, range: pinned },
    { embed: true, theme: "dark", range: DEFAULT_RANGE },
    { embed: false, range: relative },
  ];
  it.each(traces.map((s) => [formatTraceView(s), s] as const))("trace ?%s", (query, s) => {
    expect(state(parseTraceView(new URLSearchParams(query), NOW))).toEqual(s);
  });

  const inventories: InventoryViewState[] = [
    inventoryViewState(),
    inventoryViewState({ q: "cart", refresh: "1m", theme: "dark" }),
    inventoryViewState({ range: pinned, embed: true }),
    ...HOSTILE.map((q) => inventoryViewState({ q })),
  ];
  it.each(inventories.map((s) => [formatInventoryView(s), s] as const))("inventory ?%s", (query, s) => {
    expect(state(parseInventoryView(new URLSearchParams(query), NOW))).toEqual(s);
  });

  const embeds: EmbedViewState[] = [
    embedViewState(),
    embedViewState({ tab: "metrics", theme: "light", refresh: "1m", range: relative }),
    embedViewState({ tab: "logs", q: "error", qmode: "regex", traceId: TRACE, spanId: SPAN, range: pinned }),
  ];
  it.each(embeds.map((s) => [formatEmbedView(s), s] as const))("embed ?%s", (query, s) => {
    expect(state(parseEmbedView(new URLSearchParams(query), NOW))).toEqual(s);
  });

  it("omits defaults and keeps a stable order", () => {
    expect(formatContainerView(containerViewState())).toBe("");
    expect(formatContainerView(containerViewState({ embed: true, theme: "dark", tab: "logs", range: relative }))).toBe(
      "from=now-6h&to=now-1h&tab=logs&theme=dark&embed=1",
    );
  });
});

describe("parsing", () => {
  it("accepts Next's searchParams record, arrays included (first wins, with a warning)", () => {
    const input: SearchParamsInput = { tab: ["logs", "metrics"], theme: "dark", orgId: "1", nothing: undefined };
    const r = parseContainerView(input, NOW);
    expect(r).toMatchObject({ ok: true, state: { tab: "logs", theme: "dark" } });
    if (r.ok) expect(r.warnings).toEqual([{ param: "tab", message: expect.stringMatching(/more than once/) }]);
  });
  it("takes the first of repeated URLSearchParams too", () => {
    expect(state(parseContainerView(new URLSearchParams("from=now-2h&from=garbage"), NOW)).range.from).toMatchObject({
      expr: "now-2h",
    });
  });
  it("normalises trace ids to 32 hex (Jaeger v1 sends 16) and span ids to 16", () => {
    const s = state(parseContainerView(new URLSearchParams("traceId=A38C99F600DB6813&spanId=abc"), NOW));
    expect(s.traceId).toBe("0000000000000000a38c99f600db6813");
    expect(s.spanId).toBe("0000000000000abc");
  });
  it("reads flags and enums leniently but writes them canonically", () => {
    const s = state(
      parseContainerView(new URLSearchParams("embed=true&live=yes&theme=DARK&qmode=Regex&refresh=60s"), NOW),
    );
    expect(s).toMatchObject({ embed: true, live: true, theme: "dark", qmode: "regex", refresh: "1m" });
    expect(formatContainerView(s)).toBe("qmode=regex&live=1&refresh=1m&theme=dark&embed=1");
    expect(state(parseContainerView(new URLSearchParams("refresh=off&embed=0"), NOW))).toEqual(containerViewState());
  });
  it("treats empty values as absent (a template with a missing variable)", () => {
    expect(state(parseContainerView(new URLSearchParams("from=&to=&theme=&q=&tab="), NOW))).toEqual(
      containerViewState(),
    );
  });
  it("converts time + window into from/to", () => {
    const s = state(parseContainerView(new URLSearchParams("time=2026-03-01T10:00:00Z&window=30m"), NOW));
    expect(formatContainerView(s)).toBe("from=1772358300000&to=1772360100000");
  });
  it("validates the trace id path segment", () => {
    expect(parseTraceIdSegment("A38C99F600DB6813")).toEqual({ ok: true, traceId: "0000000000000000a38c99f600db6813" });
    expect(parseTraceIdSegment("nope")).toMatchObject({ ok: false, error: { param: "traceId", got: "nope" } });
    expect(parseTraceIdSegment(`00-${TRACE}-${SPAN}-01`)).toMatchObject({ ok: false, corrected: TRACE });
  });
  it("has no range on a trace page unless one is given", () => {
    expect(state(parseTraceView(new URLSearchParams(""), NOW)).range).toBeUndefined();
    expect(state(parseTraceView(new URLSearchParams("to=1772366400000"), NOW)).range).toEqual({
      from: absoluteTime(1772362800000),
      to: absoluteTime(1772366400000),
    });
  });
});

describe("errors and the corrected link", () => {
  it.each([
    ["theme=blue", "theme", /light or dark/, ""],
    ["embed=maybe", "embed", /flag/, ""],
    ["live=2", "live", /flag/, ""],
    ["tab=cpu", "tab", /metrics or logs or traces/, ""],
    ["qmode=glob", "qmode", /substring or regex/, ""],
    ["traceId=xyz", "traceId", /not a trace id/, ""],
    ["traceId=00000000000000000000000000000000", "traceId", /not all zero/, ""],
    [`traceId=00-${TRACE}-${SPAN}-01`, "traceId", /not a trace id/, `traceId=${TRACE}`],
    ["traceId=2c4d8770-4d15-565a-a38c-99f600db6813", "traceId", /not a trace id/, `traceId=${TRACE}`],
    ["spanId=not-hex", "spanId", /not a span id/, ""],
    ["spanId=00112233445566778899", "spanId", /not a span id/, ""],
    ["refresh=1s", "refresh", /5s minimum/, "refresh=5s"],
    ["refresh=30", "refresh", /no unit/, "refresh=30s"],
    ["refresh=2", "refresh", /no unit/, "refresh=5s"], // 2s is below the minimum: fixed again
    ["refresh=soon", "refresh", /not a duration/, ""],
    ["refresh=2d", "refresh", /longer than 1d/, "refresh=1d"],
    [`q=${"x".repeat(2001)}`, "q", /at most 2000/, ""],
    ["from=yesterday", "from", /not a time/, ""],
    ["from=2026-13-01", "from", /month 13/, ""],
    ["from=now-1x", "from", /unknown unit/, ""],
    ["from=-5", "from", /negative/, ""],
    ["from=1772366400000&to=1772362800000", "from", /not before/, "from=1772362800000&to=1772366400000"],
    ["to=garbage", "to", /not a time/, ""],
    ["time=2026-03-01T10:00:00&window=1h", "time", /no UTC offset/, "time=2026-03-01T10%3A00%3A00Z&window=1h"],
    ["time=1772359200&window=1x", "window", /not a duration/, "time=1772359200"],
  ])("?%s → %s", (query, param, message, corrected) => {
    const r = failed(parseContainerView(new URLSearchParams(query), NOW));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ param, message: expect.stringMatching(message) });
    expect(r.corrected).toBe(corrected);
    expect(parseContainerView(new URLSearchParams(r.corrected), NOW).ok).toBe(true);
  });
  it("names the raw value it got", () => {
    const r = failed(parseContainerView(new URLSearchParams("theme=<script>"), NOW));
    expect(r.errors[0]).toEqual({ param: "theme", message: expect.any(String), got: "<script>" });
  });
  it("keeps unknown params (Grafana's orgId, var-*) untouched, in place, repeats and all", () => {
    const r = failed(
      parseContainerView(new URLSearchParams("orgId=1&theme=blue&var-x=a&var-x=b&tab=logs&tab=bad"), NOW),
    );
    expect(r.corrected).toBe("orgId=1&var-x=a&var-x=b&tab=logs");
  });
  it("keeps valid params as written and reports every bad one", () => {
    const r = failed(parseContainerView(new URLSearchParams("from=2026-03-01T10:00:00Z&tab=x&theme=y&spanId=z"), NOW));
    expect(r.errors.map((e) => e.param).sort()).toEqual(["spanId", "tab", "theme"]);
    expect(r.corrected).toBe("from=2026-03-01T10%3A00%3A00Z");
  });
  it("survives hostile values in the corrected link", () => {
    for (const h of HOSTILE) {
      const r = failed(parseContainerView({ q: h, x: h, theme: h }, NOW));
      const back = new URLSearchParams(r.corrected);
      expect(back.get("q")).toBe(h);
      expect(back.get("x")).toBe(h);
      expect(back.has("theme")).toBe(false);
    }
  });
  it("never throws on junk", () => {
    for (const q of ["%", "a=%ZZ", "&&&", "=x", "from", "from=%00", "tab=\u0000", `traceId=${"f".repeat(5000)}`]) {
      expect(() => parseContainerView(new URLSearchParams(q), NOW)).not.toThrow();
      expect(() => parseInventoryView(new URLSearchParams(q), NOW)).not.toThrow();
    }
  });
  it("validates embed and inventory views with the same pieces", () => {
    expect(failed(parseEmbedView(new URLSearchParams("tab=x&live=1"), NOW)).corrected).toBe("live=1");
    expect(failed(parseInventoryView(new URLSearchParams("refresh=1ms&q=cart"), NOW)).corrected).toBe(
      "refresh=5s&q=cart",
    );
    expect(failed(parseTraceView(new URLSearchParams("spanId=zz&from=now-1h"), NOW)).corrected).toBe("from=now-1h");
  });
});
