// One zod schema per view, built from the shared parameter codecs; parse + format for each.
// The range (`from`/`to`/`time`/`window`) needs `now`, so the shared loop in ./view parses
// it with ./range next to the schema.
import { z } from "zod";
import type { Millis } from "../model/time";
import {
  flagParam,
  type ParamError,
  type QMode,
  qmodeParam,
  qParam,
  refreshParam,
  type SearchParamsInput,
  spanIdParam,
  type Tab,
  type Theme,
  tabParam,
  themeParam,
  traceIdParam,
} from "./params";
import { DEFAULT_RANGE, formatRange, type RangeExpr } from "./range";
import { parseWith, toQuery, type ViewParseResult } from "./view";

/** Carried across every in-app link so an embedded page stays embedded and themed. */
export interface ChromeState {
  /** Absent = follow the system colour scheme. */
  theme?: Theme;
  /** `embed=1`: no app chrome (header, navigation). */
  embed: boolean;
}

/** `/containers/[ref]` */
export interface ContainerViewState extends ChromeState {
  range: RangeExpr;
  /** Which signal has focus; absent = all three. */
  tab?: Tab;
  traceId?: string;
  spanId?: string;
  /** Log filter text. */
  q?: string;
  qmode: QMode;
  /** Logs live tail. */
  live: boolean;
  /** Auto-refresh interval in canonical duration form (`30s`, `1m`); absent = off. */
  refresh?: string;
}

/** `/traces/[traceId]`: the range is optional and only narrows the trace lookup. */
export interface TraceViewState extends ChromeState {
  range?: RangeExpr;
  spanId?: string;
}

/** `/`: the container inventory. `q` filters containers by name, image or label. */
export interface InventoryViewState extends ChromeState {
  range: RangeExpr;
  refresh?: string;
  q?: string;
}

/** `/embed/containers/[ref]`: works without JavaScript, so no live tail; always embedded. */
export interface EmbedViewState {
  range: RangeExpr;
  theme?: Theme;
  tab?: Tab;
  traceId?: string;
  spanId?: string;
  q?: string;
  qmode: QMode;
  refresh?: string;
}

const chrome = { theme: themeParam.optional(), embed: flagParam.default(false) };
const logFilter = { q: qParam.optional(), qmode: qmodeParam.default("substring") };
const focus = { tab: tabParam.optional(), traceId: traceIdParam.optional(), spanId: spanIdParam.optional() };

export const containerView = z.object({
  ...chrome,
  ...focus,
  ...logFilter,
  live: flagParam.default(false),
  refresh: refreshParam.optional(),
});
export const traceView = z.object({ ...chrome, spanId: spanIdParam.optional() });
export const inventoryView = z.object({ ...chrome, refresh: refreshParam.optional(), q: qParam.optional() });
export const embedView = z.object({
  theme: themeParam.optional(),
  ...focus,
  ...logFilter,
  refresh: refreshParam.optional(),
});

// Stable parameter order for formatting: range, focus, filter, modes, chrome.
const chromePairs = (s: ChromeState) =>
  [
    ["theme", s.theme],
    ["embed", s.embed ? "1" : undefined],
  ] as const;
const qmodePair = (m: QMode) => ["qmode", m === "substring" ? undefined : m] as const;

export function parseContainerView(input: SearchParamsInput, now: Millis): ViewParseResult<ContainerViewState> {
  const r = parseWith({ schema: containerView, range: "required" }, input, now);
  if (!r.ok) return r;
  const { data, range = DEFAULT_RANGE, warnings } = r.parsed;
  return { ok: true, state: { ...data, range }, warnings };
}
export function formatContainerView(s: ContainerViewState): string {
  return toQuery([
    ...formatRange(s.range),
    ["tab", s.tab],
    ["traceId", s.traceId],
    ["spanId", s.spanId],
    ["q", s.q],
    qmodePair(s.qmode),
    ["live", s.live ? "1" : undefined],
    ["refresh", s.refresh],
    ...chromePairs(s),
  ]);
}

export function parseTraceView(input: SearchParamsInput, now: Millis): ViewParseResult<TraceViewState> {
  const r = parseWith({ schema: traceView, range: "optional" }, input, now);
  if (!r.ok) return r;
  const { data, range, warnings } = r.parsed;
  return { ok: true, state: range ? { ...data, range } : data, warnings };
}
/** The `/traces/[traceId]` segment, normalised to 32 hex; on error, `corrected` is a fixed id if one is clear. */
export function parseTraceIdSegment(
  raw: string,
): { ok: true; traceId: string } | { ok: false; error: ParamError; corrected?: string } {
  const r = traceIdParam.safeParse(raw);
  if (r.success) return { ok: true, traceId: r.data };
  const issue = r.error.issues[0];
  const s: unknown = issue?.code === "custom" ? issue.params?.suggestion : undefined;
  const error = { param: "traceId", message: issue?.message ?? "is not a trace id", got: raw };
  return typeof s === "string" ? { ok: false, error, corrected: s } : { ok: false, error };
}
export function formatTraceView(s: TraceViewState): string {
  // An explicit default range must survive the round trip here, since absent means "no range".
  const range: [string, string][] = s.range ? formatRange(s.range) : [];
  if (s.range && range.length === 0) range.push(["from", "now-1h"]);
  return toQuery([...range, ["spanId", s.spanId], ...chromePairs(s)]);
}

export function parseInventoryView(input: SearchParamsInput, now: Millis): ViewParseResult<InventoryViewState> {
  const r = parseWith({ schema: inventoryView, range: "required" }, input, now);
  if (!r.ok) return r;
  const { data, range = DEFAULT_RANGE, warnings } = r.parsed;
  return { ok: true, state: { ...data, range }, warnings };
}
export function formatInventoryView(s: InventoryViewState): string {
  return toQuery([...formatRange(s.range), ["q", s.q], ["refresh", s.refresh], ...chromePairs(s)]);
}

export function parseEmbedView(input: SearchParamsInput, now: Millis): ViewParseResult<EmbedViewState> {
  const r = parseWith({ schema: embedView, range: "required" }, input, now);
  if (!r.ok) return r;
  const { data, range = DEFAULT_RANGE, warnings } = r.parsed;
  return { ok: true, state: { ...data, range }, warnings };
}
export function formatEmbedView(s: EmbedViewState): string {
  return toQuery([
    ...formatRange(s.range),
    ["tab", s.tab],
    ["traceId", s.traceId],
    ["spanId", s.spanId],
    ["q", s.q],
    qmodePair(s.qmode),
    ["refresh", s.refresh],
    ["theme", s.theme],
  ]);
}

// `{ tab: cond ? "logs" : undefined }` must not erase a default, so undefined fields are skipped.
function defined<T extends object>(p: T): Partial<T> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Complete states from partial ones, for link builders and tests. */
export const containerViewState = (p: Partial<ContainerViewState> = {}): ContainerViewState => ({
  range: DEFAULT_RANGE,
  qmode: "substring",
  live: false,
  embed: false,
  ...defined(p),
});
export const inventoryViewState = (p: Partial<InventoryViewState> = {}): InventoryViewState => ({
  range: DEFAULT_RANGE,
  embed: false,
  ...defined(p),
});
export const embedViewState = (p: Partial<EmbedViewState> = {}): EmbedViewState => ({
  range: DEFAULT_RANGE,
  qmode: "substring",
  ...defined(p),
});
