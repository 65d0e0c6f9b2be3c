import { describe, expect, it } from "vitest";
import type { LogQueryParams, LogsBackend } from "../backends/types";
import type { LogLine } from "../model/logs";
import { millis, type NanosString } from "../model/time";
import { traceFocusLines } from "./trace-focus";

const ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const mapping = { label: "container", key: "name" as const };
const c = { name: "shop-cart-1" };
const range = { from: millis(0), to: millis(60_000) };

function line(ts: string, text: string, meta: Record<string, string> = {}): LogLine {
  return {
    ts: ts as NanosString,
    at: millis(Number(ts) / 1e6),
    stream: { container: "shop-cart-1", ...meta },
    structuredMetadata: {},
    line: text,
    level: "info",
    fields: {},
    key: `${ts}-k`,
  };
}

function fakeLogs(answer: (q: string) => LogLine[] | Error): { logs: LogsBackend; queries: string[] } {
  const queries: string[] = [];
  const logs = {
    async queryRange(p: LogQueryParams) {
      queries.push(p.query);
      const a = answer(p.query);
      if (a instanceof Error) throw a;
      return { lines: a, truncated: false, limit: p.limit };
    },
  } as unknown as LogsBackend;
  return { logs, queries };
}

describe("traceFocusLines", () => {
  it("asks for the ID in the text and in structured metadata, and merges both oldest first", async () => {
    const inText = line("3000000", `{"traceId":"${ID}"}`);
    const inMeta = line("1000000", '{"msg":"x"}', { trace_id: ID });
    const { logs, queries } = fakeLogs((q) => (q.includes("| trace_id=") ? [inMeta] : [inText]));
    const got = await traceFocusLines(logs, mapping, c, ID, range);
    expect(queries).toEqual([`{container="shop-cart-1"} |= "${ID}"`, `{container="shop-cart-1"} | trace_id="${ID}"`]);
    expect(got?.map((l) => l.ts)).toEqual(["1000000", "3000000"]);
  });

  it("a line both queries return is listed once", async () => {
    const both = line("2000000", ID, { trace_id: ID });
    const { logs } = fakeLogs(() => [both]);
    expect(await traceFocusLines(logs, mapping, c, ID, range)).toEqual([both]);
  });

  it("one failing query does not hide the other's lines; both failing gives undefined", async () => {
    const inMeta = line("1000000", "m", { trace_id: ID });
    const half = fakeLogs((q) => (q.includes("| trace_id=") ? [inMeta] : new Error("boom")));
    expect(await traceFocusLines(half.logs, mapping, c, ID, range)).toEqual([inMeta]);
    const none = fakeLogs(() => new Error("down"));
    expect(await traceFocusLines(none.logs, mapping, c, ID, range)).toBeUndefined();
  });

  it("runs no query for something that is not a trace ID", async () => {
    const { logs, queries } = fakeLogs(() => []);
    expect(await traceFocusLines(logs, mapping, c, "not-hex", range)).toBeUndefined();
    expect(queries).toEqual([]);
  });
});
