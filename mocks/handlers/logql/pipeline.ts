// Runs a LogQL pipeline over one entry, like Loki 2.8's LabelsBuilder: parsers add labels
// (suffix `_extracted` on clashes), errors become __error__/__error_details__, numeric label
// filters let errored lines through, and structured metadata is visible to label filters only.
import type { Labels, LokiEntry } from "../../sources";
import type { LabelFilter, NumericOp, Stage } from "./ast";
import { extractJson, extractLogfmt } from "./extract";

export const ERROR_LABEL = "__error__";
export const ERROR_DETAILS_LABEL = "__error_details__";

class EntryState {
  readonly extracted = new Map<string, string>();
  err = "";
  details = "";
  constructor(
    readonly base: Labels,
    readonly metadata: Labels,
  ) {}

  get(name: string): string | undefined {
    if (name === ERROR_LABEL) return this.err;
    if (name === ERROR_DETAILS_LABEL) return this.details;
    return this.extracted.get(name) ?? this.base[name] ?? this.metadata[name];
  }

  setError(type: string, details: string): void {
    if (this.err !== "") return;
    this.err = type;
    this.details = details;
  }

  /** Output stream labels (sorted keys); empty values count as absent, as in Prometheus' label model. */
  labels(): Labels {
    const names = Object.keys(this.base).filter((k) => !this.extracted.has(k));
    for (const k of this.extracted.keys()) names.push(k);
    if (this.err) names.push(ERROR_LABEL);
    if (this.details) names.push(ERROR_DETAILS_LABEL);
    names.sort();
    const out: Labels = {};
    for (const k of names) {
      const v = this.get(k) ?? "";
      if (v !== "") out[k] = v;
    }
    return out;
  }
}

function compare(op: NumericOp, a: number, b: number): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
  }
}

function goParseFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : undefined;
}

function applyFilter(f: LabelFilter, st: EntryState): boolean {
  switch (f.kind) {
    case "matcher":
      return f.matcher.matches(st.get(f.matcher.name) ?? "");
    case "numeric": {
      // Loki: "if there's an error only the string matchers can filter it out".
      if (st.err !== "") return true;
      const raw = st.get(f.name);
      if (raw === undefined) return false;
      const v = goParseFloat(raw);
      if (v === undefined) {
        st.setError("LabelFilterErr", `strconv.ParseFloat: parsing ${JSON.stringify(raw)}: invalid syntax`);
        return true;
      }
      return compare(f.op, v, f.value);
    }
    case "binary": {
      const left = applyFilter(f.left, st);
      if (!f.and && left) return true;
      const right = applyFilter(f.right, st);
      return f.and ? left && right : right;
    }
  }
}

/** Output labels of the entry, or undefined when a stage drops it. */
export function runPipeline(stages: readonly Stage[], streamLabels: Labels, entry: LokiEntry): Labels | undefined {
  // Real Loki 2.9.1 returns structured metadata merged into the entry's stream labels (so one
  // stream splits by metadata value); without categorize-labels there is no third element.
  const meta = entry.structuredMetadata;
  const base = meta && Object.keys(meta).length ? sortedMerge(streamLabels, meta) : streamLabels;
  if (stages.length === 0) return base;
  const st = new EntryState(base, meta ?? {});
  for (const stage of stages) {
    if (stage.kind === "line") {
      if (!stage.test(entry.line)) return undefined;
    } else if (stage.kind === "parser") {
      const { fields, error } = stage.parser === "json" ? extractJson(entry.line) : extractLogfmt(entry.line);
      for (const [k, v] of fields) st.extracted.set(k in streamLabels ? `${k}_extracted` : k, v);
      if (error) st.setError(error.type, error.details);
    } else if (!applyFilter(stage.filter, st)) {
      return undefined;
    }
  }
  return st.labels();
}

function sortedMerge(a: Labels, b: Labels): Labels {
  const all: Labels = { ...a, ...b };
  const out: Labels = {};
  for (const k of Object.keys(all).sort()) out[k] = all[k] ?? "";
  return out;
}

/** Pipelines without parsers or label filters never change the stream labels. */
export function keepsStreamLabels(stages: readonly Stage[]): boolean {
  return stages.every((s) => s.kind === "line");
}
