// Each view's state, its defaults and its URL formatting. No zod here: links are built in the
// browser too, and the parsing (zod schemas per view) lives in ./state-parse, on the server.
import type { QMode, Tab, Theme } from "./params";
import { DEFAULT_RANGE, formatRange, type RangeExpr } from "./range";
import { toQuery } from "./query";

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

// Stable parameter order for formatting: range, focus, filter, modes, chrome.
const chromePairs = (s: ChromeState) =>
  [
    ["theme", s.theme],
    ["embed", s.embed ? "1" : undefined],
  ] as const;
const qmodePair = (m: QMode) => ["qmode", m === "substring" ? undefined : m] as const;

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

export function formatTraceView(s: TraceViewState): string {
  // An explicit default range must survive the round trip here, since absent means "no range".
  const range: [string, string][] = s.range ? formatRange(s.range) : [];
  if (s.range && range.length === 0) range.push(["from", "now-1h"]);
  return toQuery([...range, ["spanId", s.spanId], ...chromePairs(s)]);
}

export function formatInventoryView(s: InventoryViewState): string {
  return toQuery([...formatRange(s.range), ["q", s.q], ["refresh", s.refresh], ...chromePairs(s)]);
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
