// Label sets and matchers with Prometheus semantics (sorted label order, fully anchored
// regex matchers, missing label == empty value). Shared by the PromQL and LogQL mocks.
import type { Labels } from "../../sources";
import { quoteGo } from "./go-compat";

export const METRIC_NAME = "__name__";

export function sortedLabels(l: Labels): Labels {
  const out: Labels = {};
  for (const k of Object.keys(l).sort()) out[k] = l[k] as string;
  return out;
}

/** Prometheus labels.Compare: pairwise by name then value, shorter set first. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const na = ka[i] as string;
    const nb = kb[i] as string;
    if (na !== nb) return na < nb ? -1 : 1;
    const va = a[na] as string;
    const vb = b[nb] as string;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}

/** labels.String(): `{a="1", b="2"}` — used in error messages and as Loki's stream sort key. */
export function labelsToString(l: Labels): string {
  const parts = Object.keys(l)
    .sort()
    .map((k) => `${k}=${quoteGo(l[k] as string)}`);
  return `{${parts.join(", ")}}`;
}

const DERIVED = Symbol("derived");
type WithDerived = Labels & { [DERIVED]?: Map<string, unknown> };

/**
 * Memoise something computed from a label set, keyed by object identity: range queries derive the
 * same keys/label sets from the same series at every step. Results are shared — never mutate them.
 * The cache hangs off a non-enumerable symbol, so spreads and JSON never see it.
 */
export function derive<T>(l: Labels, key: string, compute: () => T): T {
  const holder = l as WithDerived;
  let m = holder[DERIVED];
  if (!m) {
    m = new Map();
    Object.defineProperty(holder, DERIVED, { value: m, enumerable: false });
  }
  const hit = m.get(key);
  if (hit !== undefined || m.has(key)) return hit as T;
  const v = compute();
  m.set(key, v);
  return v;
}

/** Canonical map key for a label set. */
export function labelsKey(l: Labels): string {
  return derive(l, "key", () =>
    JSON.stringify(
      Object.keys(l)
        .sort()
        .map((k) => [k, l[k]]),
    ),
  );
}

export function withoutLabels(l: Labels, names: Iterable<string>): Labels {
  const out: Labels = { ...l };
  for (const n of names) delete out[n];
  return out;
}

export function onlyLabels(l: Labels, names: Iterable<string>): Labels {
  const out: Labels = {};
  for (const n of names) {
    const v = l[n];
    if (v !== undefined && v !== "") out[n] = v;
  }
  return out;
}

export function dropMetricName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l;
  return derive(l, "-name", () => withoutLabels(l, [METRIC_NAME]));
}

export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export type MatchType = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
  matches(v: string): boolean;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  digit: "0-9",
  lower: "a-z",
  upper: "A-Z",
  space: "\\t\\n\\v\\f\\r ",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
  punct: "!-\\/:-@\\[-`{-~",
};

/** Translate the RE2 features people actually write (leading flag group, (?P<n>), POSIX classes) to JS. */
export function compileGoRegex(pattern: string, anchored: boolean): RegExp {
  let src = pattern;
  let flags = "";
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if ((lead[1] ?? "").includes("U"))
      throw new Error("error parsing regexp: ungreedy flag is not supported by the mock");
    flags = [...new Set(lead[1])].join("");
    src = src.slice(lead[0].length);
  }
  src = src
    .replace(/\(\?P</g, "(?<")
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (cls === undefined) return m;
      return neg ? `^${cls}` : cls;
    })
    .replace(/\\z/g, "$")
    .replace(/\\A/g, "^");
  try {
    return new RegExp(anchored ? `^(?:${src})$` : src, flags);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`error parsing regexp: ${msg}`);
  }
}

export function newMatcher(name: string, type: MatchType, value: string): Matcher {
  if (type === "=" || type === "!=") {
    const eq = type === "=";
    return { name, type, value, matches: (v) => (v === value) === eq };
  }
  const re = compileGoRegex(value, true);
  const eq = type === "=~";
  return { name, type, value, matches: (v) => re.test(v) === eq };
}

export function matchesAll(l: Labels, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => m.matches(l[m.name] ?? ""));
}
