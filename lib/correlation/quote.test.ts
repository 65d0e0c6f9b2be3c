import { describe, expect, it } from "vitest";
import { decodedStrings, goUnquote, parseQuery } from "./grammar.test-helper";
import {
  anyOfRegex,
  durationSeconds,
  hasLoneSurrogate,
  lineFilter,
  matcher,
  QueryBuildError,
  quote,
  regexEscape,
  regexProblem,
  selector,
} from "./quote";

const NASTY: [string, string][] = [
  ["double quote and backslash", 'we"ird\\name'],
  ["newline, CR and tab", "a\nb\r\tc"],
  ["braces and comma", "}{a=b},c"],
  ["backticks", "`raw` string"],
  ["single quotes", "it's"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${` is one of the characters under test
  ["regex metacharacters", ".*+?^${}()|[]\\/-"],
  ["pipe and LogQL operators", '|= "x" |~ `y` != 1'],
  ["emoji and non-ASCII", "🐳 ünïcödé 日本語 \u2028"],
  ["control characters and DEL", "\u0000\u0001\u001f\u007f"],
  ["only a backslash at the end", "tail\\"],
  ["empty string", ""],
];

describe("quote", () => {
  it.each(NASTY)("%s: JSON-quoted and read back identically by Go's Unquote", (_, v) => {
    const q = quote(v);
    expect(JSON.parse(q)).toBe(v);
    expect(goUnquote(q)).toBe(v);
    expect(q).not.toContain("\n");
  });

  it("rejects lone surrogates (Go would refuse the \\ud800 escape JSON emits)", () => {
    for (const v of ["a\uD800b", "\uDC00", "x\uDBFF"]) {
      expect(hasLoneSurrogate(v)).toBe(true);
      expect(() => quote(v)).toThrow(QueryBuildError);
      expect(() => goUnquote(JSON.stringify(v))).toThrow();
    }
    expect(hasLoneSurrogate("🐳")).toBe(false);
    expect(quote("🐳")).toBe('"🐳"');
  });
});

describe("matcher and selector in PromQL", () => {
  it.each(NASTY.filter(([, v]) => v !== ""))("%s: parses without error nodes and round-trips", (_, v) => {
    const q = `sum(rate(${selector([matcher("name", "=", v), matcher("cpu", "=", "total")], "container_cpu_usage_seconds_total")}[1m]))`;
    const parsed = parseQuery("promql", q);
    expect(parsed.errors).toEqual([]);
    expect(decodedStrings("promql", q)).toEqual([v, "total"]);
  });

  it.each(NASTY)("%s: regex-escaped =~ value parses, round-trips and matches only itself", (_, v) => {
    const q = selector([matcher("name", "=~", regexEscape(v))], "up");
    expect(parseQuery("promql", q).errors).toEqual([]);
    const [re] = decodedStrings("promql", q);
    expect(re).toBe(regexEscape(v));
    const anchored = new RegExp(`^(?:${re})$`);
    expect(anchored.test(v)).toBe(true);
    expect(anchored.test(`${v}x`)).toBe(false);
  });

  it("builds the fixture's quote/backslash query exactly", () => {
    expect(selector([matcher("name", "=", 'we"ird\\name')], "container_cpu_usage_seconds_total")).toBe(
      'container_cpu_usage_seconds_total{name="we\\"ird\\\\name"}',
    );
  });

  it("anyOfRegex matches each value and nothing else", () => {
    const re = new RegExp(`^(?:${anyOfRegex(["a.b", "c|d"])})$`);
    expect(re.test("a.b")).toBe(true);
    expect(re.test("c|d")).toBe(true);
    expect(re.test("axb")).toBe(false);
    expect(re.test("c")).toBe(false);
  });

  it("rejects bad label and metric names, invalid =~ regexes and empty selectors", () => {
    expect(() => matcher("com.docker", "=", "x")).toThrow(QueryBuildError);
    expect(() => matcher("a-b", "=", "x")).toThrow(/label name/);
    expect(() => matcher("name", "=~", "(unclosed")).toThrow(/Invalid regular expression/);
    expect(() => selector([], "bad-metric")).toThrow(/metric name/);
    expect(() => selector([])).toThrow(/at least one matcher/);
    expect(selector([], "up")).toBe("up{}");
  });
});

describe("matcher, selector and lineFilter in LogQL", () => {
  it.each(NASTY.filter(([, v]) => v !== ""))("%s: selector and |= filter parse and round-trip", (_, v) => {
    const f = lineFilter(v, "substring");
    expect(f.ok).toBe(true);
    const q = `${selector([matcher("container", "=", v)])} ${f.ok ? f.filter : ""}`;
    expect(parseQuery("logql", q).errors).toEqual([]);
    expect(decodedStrings("logql", q)).toEqual([v, v]);
  });

  it.each(NASTY.filter(([, v]) => v !== ""))("%s: regex-escaped |~ filter parses and round-trips", (_, v) => {
    const f = lineFilter(regexEscape(v), "regex");
    if (!f.ok) throw new Error(f.error);
    expect(f.filter.startsWith("|~ ")).toBe(true);
    const q = `{job="x"} ${f.filter}`;
    expect(parseQuery("logql", q).errors).toEqual([]);
    const [, re] = decodedStrings("logql", q);
    expect(re).toBe(regexEscape(v));
    expect(new RegExp(re ?? "").test(`before ${v} after`)).toBe(true);
  });

  it("a grammar check that can fail: unterminated strings produce error nodes", () => {
    expect(parseQuery("logql", '{container="a"} |= "x').errors.length).toBeGreaterThan(0);
    expect(parseQuery("promql", 'up{name="a}').errors.length).toBeGreaterThan(0);
  });

  it("empty filter text gives no filter", () => {
    expect(lineFilter("", "substring")).toEqual({ ok: true, filter: "" });
    expect(lineFilter("", "regex")).toEqual({ ok: true, filter: "" });
  });

  it("invalid regexes give a readable error, not a query", () => {
    const r = lineFilter("(unclosed", "regex");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Invalid regular expression: .*group/i);
    const look = lineFilter("foo(?=bar)", "regex");
    expect(look.ok).toBe(false);
    if (!look.ok) expect(look.error).toMatch(/RE2/);
    const back = lineFilter("(a)\\1", "regex");
    expect(back.ok).toBe(false);
  });

  it("accepts RE2-only syntax: leading (?i) flags and (?P<name>…) groups", () => {
    expect(regexProblem("(?i)error")).toBeUndefined();
    expect(regexProblem("(?P<id>[0-9a-f]+)")).toBeUndefined();
    expect(regexProblem("(?i:error)|warn(?s).")).toBeUndefined();
    expect(regexProblem("(?i:unclosed")).toMatch(/Invalid regular expression/);
    expect(regexProblem("a\\\\1")).toBeUndefined(); // escaped backslash then "1", not a backreference
    const f = lineFilter("(?i)error", "regex");
    expect(f).toEqual({ ok: true, filter: '|~ "(?i)error"' });
    if (f.ok) expect(parseQuery("logql", `{a="b"} ${f.filter}`).errors).toEqual([]);
  });

  it("rejects a lone surrogate in a filter with a message", () => {
    const r = lineFilter("x\uD800", "substring");
    expect(r.ok).toBe(false);
  });
});

describe("durationSeconds", () => {
  it("rounds up to whole seconds and rejects non-positive values", () => {
    expect(durationSeconds(30)).toBe("30s");
    expect(durationSeconds(0.2)).toBe("1s");
    expect(durationSeconds(59.5)).toBe("60s");
    expect(() => durationSeconds(0)).toThrow(QueryBuildError);
    expect(() => durationSeconds(Number.NaN)).toThrow(QueryBuildError);
  });
});
