// Operator-supplied trace-ID patterns (correlation file `traceIdPatterns`) run on RE2 (re2js, a
// pure-JS port): matching is linear in the input, so no log line can make a pattern backtrack.
// RE2 is also what Loki and Prometheus use, so a pattern means the same thing everywhere.
import { RE2JS } from "re2js";

export interface TracePatternMatch {
  traceId?: string;
  spanId?: string;
}

export interface TracePattern {
  readonly source: string;
  /** The named groups `traceId` / `spanId` (or group 1 as the trace ID) of the first match. */
  match(text: string): TracePatternMatch | undefined;
}

/** Why a pattern cannot be used, or undefined when it compiles on RE2 and has a `traceId` group. */
export function tracePatternProblem(source: string): string | undefined {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (!("traceId" in re.namedGroups())) return "needs a named group (?<traceId>…)";
  return undefined;
}

/** Compile on RE2; throws on a pattern RE2 rejects (backreferences, lookaround). */
export function compileTracePattern(source: string): TracePattern {
  const re = RE2JS.compile(source);
  const groups = re.namedGroups();
  const hasTrace = "traceId" in groups;
  const hasSpan = "spanId" in groups;
  return {
    source,
    match(text) {
      const m = re.matcher(text);
      if (!m.find()) return undefined;
      const traceId = (hasTrace ? m.group("traceId") : m.groupCount() > 0 ? m.group(1) : null) ?? undefined;
      const spanId = (hasSpan ? m.group("spanId") : null) ?? undefined;
      return { traceId, spanId };
    },
  };
}
