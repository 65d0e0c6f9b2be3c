import { describe, expect, it } from "vitest";
import type { LokiEntry, LokiSource } from "../../sources";
import { LokiError } from "./ast";
import { extractJson, extractLogfmt, sanitizeLabelKey } from "./extract";
import { alignedSteps, evalMetric } from "./metric";
import { parseLokiTime } from "./params";
import { parseLogQL } from "./parse";
import { matchLogQuery } from "./select";

const S = 1_000_000_000n;

function source(lines: Record<string, string[]>): LokiSource {
  const streams = Object.entries(lines).map(([container, ls]) => {
    const entries: LokiEntry[] = ls.map((line, i) => ({ ns: (BigInt(100 + i) * S).toString(), line }));
    return {
      labels: { container, level: "stream" },
      entriesIn: (from: bigint, to: bigint) => entries.filter((e) => BigInt(e.ns) >= from && BigInt(e.ns) < to),
    };
  });
  return { streams: () => streams };
}

function parseErrorOf(q: string): string {
  try {
    parseLogQL(q);
  } catch (e) {
    if (e instanceof LokiError) return e.message;
    throw e;
  }
  throw new Error("expected a parse error");
}

const src = source({
  a: ['level=info status=200 msg="all good" latency=12', "level=error status=500 latency=abc", "Terminated"],
  b: ['{"status":503,"ok":false,"req":{"path":"/x","ms":1.50},"tags":["t"],"none":null,"a-b":"c","1x":"y"}'],
});
const q = (query: string, direction: "forward" | "backward" = "forward") =>
  matchLogQuery(query, src, 0n, 1000n * S, 100, direction);

describe("LogQL extraction", () => {
  it("json keeps number spellings, flattens objects, skips arrays and null, sanitises keys", () => {
    const { fields, error } = extractJson(
      '{"status":503,"ok":false,"req":{"path":"/x","ms":1.50},"tags":["t"],"none":null,"a-b":"c","1x":"y"}',
    );
    expect(error).toBeUndefined();
    expect(Object.fromEntries(fields)).toEqual({
      status: "503",
      ok: "false",
      req_path: "/x",
      req_ms: "1.50",
      a_b: "c",
      _1x: "y",
    });
  });

  it("json on non-JSON reports jsonparser's message", () => {
    expect(extractJson("Terminated").error).toEqual({
      type: "JSONParserErr",
      details: "Value looks like object, but can't find closing '}' symbol",
    });
  });

  it("logfmt: quoted values, bare keys, syntax errors", () => {
    expect(Object.fromEntries(extractLogfmt('a=1 b="x \\"y\\"" flag c=').fields)).toEqual({
      a: "1",
      b: 'x "y"',
      flag: "",
      c: "",
    });
    expect(extractLogfmt('a="open').error?.details).toBe("logfmt syntax error at pos 8 : unterminated quoted value");
    expect(extractLogfmt("a=b=c").error?.type).toBe("LogfmtParserErr");
    expect(sanitizeLabelKey("é-x")).toBe("__x");
  });
});

describe("LogQL pipelines", () => {
  it("stream selector regexes are anchored; line-filter regexes are not and honour (?i)", () => {
    expect(q('{container=~"a|b"}').map((s) => s.stream.container)).toEqual(["a", "b"]);
    expect(q('{level=~"str"}')).toEqual([]);
    expect(q('{level=~"str.*"}')).toHaveLength(2);
    expect(q('{container=~"a"} |~ "(?i)ERROR"')[0]?.entries.map((e) => e.line)).toEqual([
      "level=error status=500 latency=abc",
    ]);
    expect(q('{container="a"} != "Terminated" |= "status"')[0]?.entries).toHaveLength(2);
  });

  it("parsed labels clashing with stream labels get _extracted", () => {
    const r = q('{container="a"} | logfmt | status="200"');
    expect(r[0]?.stream).toMatchObject({ level: "stream", level_extracted: "info", status: "200" });
  });

  it("numeric filters: unparsable values pass with LabelFilterErr, missing labels drop the line", () => {
    const r = q('{container="a"} | logfmt | latency > 10');
    expect(r.map((s) => [s.stream.__error__ ?? "", s.entries[0]?.line])).toEqual([
      ["LabelFilterErr", "level=error status=500 latency=abc"],
      ["", 'level=info status=200 msg="all good" latency=12'],
    ]);
    expect(r[0]?.stream.__error_details__).toBe('strconv.ParseFloat: parsing "abc": invalid syntax');
  });

  it('__error__="" drops errored lines; and/or with parentheses', () => {
    expect(q('{container=~".+"} | json | __error__=""').map((s) => s.stream.container)).toEqual(["b"]);
    const r = q('{container=~".+"} | json | (status >= 500 or ok="true") and req_path="/x"');
    expect(r.map((s) => s.stream.container)).toEqual(["b"]);
  });

  it("uses a source's lazy walk() and stops once `limit` lines passed", () => {
    let pulled = 0;
    const walker = {
      labels: { container: "w" },
      entriesIn: (): LokiEntry[] => {
        throw new Error("entriesIn should not be needed");
      },
      *walk(_from: bigint, to: bigint, direction: "forward" | "backward"): Generator<LokiEntry> {
        for (let i = 0; i < 1_000_000; i++) {
          pulled++;
          const s = direction === "backward" ? to / S - 1n - BigInt(i) : BigInt(i);
          yield { ns: (s * S).toString(), line: i % 2 ? "odd" : "even" };
        }
      },
    };
    const r = matchLogQuery('{container="w"} |= "odd"', { streams: () => [walker] }, 0n, 10_000n * S, 5, "backward");
    expect(r[0]?.entries.map((e) => e.ns)).toEqual(
      [9998, 9996, 9994, 9992, 9990].map((n) => (BigInt(n) * S).toString()),
    );
    expect(pulled).toBe(10);
  });

  it("backward order is newest first inside a stream", () => {
    expect(q('{container="a"}', "backward")[0]?.entries.map((e) => e.ns)).toEqual([
      "102000000000",
      "101000000000",
      "100000000000",
    ]);
  });
});

describe("LogQL metrics", () => {
  it("rate, count, avg/topk/without over step-aligned steps", () => {
    const steps = alignedSteps(95n * S, 103n * S, 5000);
    expect(steps).toEqual([95n * S, 100n * S, 105n * S]);
    const count = evalMetric(
      parseLogQL('sum by (container) (count_over_time({level="stream"}[10s]))') as never,
      src,
      steps,
    );
    expect(count.map((v) => v.map((s) => [s.labels.container, s.value]))).toEqual([
      [],
      [
        ["a", 1],
        ["b", 1],
      ],
      [
        ["a", 3],
        ["b", 1],
      ],
    ]);
    const rate = evalMetric(parseLogQL('rate({container="a"}[10s] offset 5s)') as never, src, [110n * S]);
    expect(rate[0]?.[0]?.value).toBeCloseTo(0.3, 12);
    const top = evalMetric(parseLogQL('topk(1, count_over_time({level="stream"}[1m]))') as never, src, [110n * S]);
    expect(top[0]?.map((s) => s.labels.container)).toEqual(["a"]);
    const without = evalMetric(
      parseLogQL('count without (container) (count_over_time({level="stream"}[1m]))') as never,
      src,
      [110n * S],
    );
    expect(without[0]).toEqual([{ labels: { level: "stream" }, value: 2 }]);
  });
});

describe("LogQL parsing and params", () => {
  it("errors look like Loki's", () => {
    expect(parseErrorOf('{compose_project="shop"')).toBe(
      "parse error at line 1, col 24: syntax error: unexpected $end, expecting } or ,",
    );
    // Real Loki 2.9.1's answer (lib/backends/loki/client.integration.test.ts).
    expect(parseErrorOf("{}")).toBe(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
    expect(parseErrorOf('{a=""}')).toContain("queries require at least one regexp or equality matcher");
    expect(parseErrorOf('{a="b"} | unpack')).toContain("not supported by the mock");
  });

  it("times: ns integers, ≤10-digit seconds, float seconds, RFC3339Nano", () => {
    expect(parseLokiTime("1795300413000000000")).toBe(1795300413000000000n);
    expect(parseLokiTime("1795300413")).toBe(1795300413000000000n);
    expect(parseLokiTime("1795300413.5")).toBe(1795300413500000000n);
    expect(parseLokiTime("2026-11-21T22:33:33.000000001Z")).toBe(1795300413000000001n);
    expect(parseLokiTime("yesterday")).toBeUndefined();
  });
});
