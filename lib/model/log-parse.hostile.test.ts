// Hostile log text through the line parser: long, binary, unicode and adversarial lines.
// Before the linear scanner, the 256 KB word-run lines below kept this file busy for minutes
// (the logfmt regex backtracked quadratically) and the suite hit its timeout.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  capLine,
  JSON_MAX_CHARS,
  logfmtFields,
  MAX_FIELD_CHARS,
  MAX_FIELDS,
  MAX_LINE_CHARS,
  PARSE_WINDOW_CHARS,
  parseLogLine,
} from "./log-parse";
import { compileTracePattern } from "./trace-pattern";

const T = "2c4d87704d15565aa38c99f600db6813";
const S = "e0c15ebb24a7f0f8";

// The regex the scanner replaces: the oracle for short lines, where its cost does not matter.
const LOGFMT_RE = /([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))/g;
function regexFields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(LOGFMT_RE)) {
    const key = m[1];
    if (!key) continue;
    out[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return out;
}

/** Lines built from the characters logfmt cares about, so keys, quotes and escapes collide often. */
const logfmtish = fc
  .array(
    fc.constantFrom(
      "a",
      "Z",
      "_",
      "9",
      ".",
      "-",
      "=",
      '"',
      "\\",
      " ",
      "\t",
      "\n",
      "\u2028",
      "\u00a0",
      "é",
      "x=y",
      'k="v',
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(""));

const adversarial = (n: number) => [
  "a".repeat(n), // a key run with no "=": the old regex restarted at every character
  "a.".repeat(n / 2),
  `k="${"x".repeat(n)}`, // unterminated quote, then a key run
  'k="a '.repeat(n / 5),
  "a=".repeat(n / 2),
  `k="${"\\a".repeat(n / 2)}`,
  "00-".repeat(n / 3),
  `[${"0".repeat(n)}`,
  "{".repeat(n),
  `{"a":"${"x".repeat(n)}"`,
  "\u0000\u0001\uffff\ud800".repeat(n / 4),
  "🙂".repeat(n / 2),
];

describe("logfmt scanner", () => {
  it("reads the same fields as the regex it replaces (short lines)", () => {
    fc.assert(
      fc.property(logfmtish, (line) => {
        expect(logfmtFields(line)).toEqual(regexFields(line));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps at most MAX_FIELDS fields of at most MAX_FIELD_CHARS each", () => {
    const line = Array.from({ length: 1000 }, (_, i) => `k${i}=v`).join(" ");
    expect(Object.keys(logfmtFields(line))).toHaveLength(MAX_FIELDS);
    expect(logfmtFields(`msg="${"m".repeat(10_000)}"`).msg).toHaveLength(MAX_FIELD_CHARS);
    expect(parseLogLine(JSON.stringify({ msg: "m".repeat(10_000) }), {}, {}).fields.msg).toHaveLength(MAX_FIELD_CHARS);
  });
});

describe("parseLogLine on hostile lines", () => {
  it("parses 256 KB adversarial lines (each of them) and finds nothing it should not", () => {
    for (const line of adversarial(256 * 1024)) {
      const p = parseLogLine(line, {}, {});
      expect(p.traceId).toBeUndefined();
      expect(Object.keys(p.fields).length).toBeLessThanOrEqual(MAX_FIELDS);
    }
  });

  it("never throws on arbitrary text, and what it reports is well-formed", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), logfmtish),
        (line) => {
          const p = parseLogLine(line, {}, {});
          if (p.traceId) expect(p.traceId).toMatch(/^[0-9a-f]{32}$/);
          if (p.spanId) expect(p.spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(["trace", "debug", "info", "warn", "error", "fatal", "unknown"]).toContain(p.level);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("finds trace IDs wherever they sit in the examined window, surrounded by anything", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (pre, post) => {
        expect(parseLogLine(`${pre} trace_id=${T} ${post}`, {}, {}).traceId).toBe(T);
      }),
      { numRuns: 300 },
    );
  });

  it("examines only the first PARSE_WINDOW_CHARS of a line", () => {
    const pad = "x ".repeat(PARSE_WINDOW_CHARS);
    expect(parseLogLine(`trace_id=${T} ${pad}`, {}, {}).traceId).toBe(T);
    expect(parseLogLine(`${pad} trace_id=${T}`, {}, {}).traceId).toBeUndefined();
    expect(parseLogLine(`${pad} [${T}-${S}]`, {}, {}).traceId).toBeUndefined();
  });

  it("decodes JSON lines up to JSON_MAX_CHARS whole, longer ones by their logfmt window", () => {
    const big = (n: number) => JSON.stringify({ msg: "m".repeat(n), traceId: T });
    expect(parseLogLine(big(JSON_MAX_CHARS - 100), {}, {}).traceId).toBe(T);
    expect(parseLogLine(big(JSON_MAX_CHARS), {}, {}).traceId).toBeUndefined();
  });

  it("runs operator patterns on RE2 over the bounded window", () => {
    // (a+)+$ backtracks exponentially on a backtracking engine; on RE2 it is linear.
    const p = compileTracePattern("(?:a+)+$|tid:(?<traceId>[0-9a-f]{32})");
    expect(parseLogLine(`${"a".repeat(256 * 1024)}b`, {}, {}, [p]).traceId).toBeUndefined();
    expect(parseLogLine(`ok tid:${T}`, {}, {}, [p]).traceId).toBe(T);
    expect(parseLogLine(`${"y ".repeat(PARSE_WINDOW_CHARS)} tid:${T}`, {}, {}, [p]).traceId).toBeUndefined();
  });
});

describe("capLine", () => {
  it("cuts a 1 MiB line to MAX_LINE_CHARS and says how long it was", () => {
    const line = "z".repeat(1024 * 1024);
    expect(capLine(line)).toEqual({ line: line.slice(0, MAX_LINE_CHARS), length: 1024 * 1024 });
    expect(capLine("short")).toEqual({ line: "short" });
  });

  it("never splits a surrogate pair", () => {
    const line = `${"z".repeat(MAX_LINE_CHARS - 1)}🙂🙂`;
    const cut = capLine(line).line;
    expect(cut).toBe("z".repeat(MAX_LINE_CHARS - 1));
  });
});
