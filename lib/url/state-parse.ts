// One zod schema per view, built from the shared parameter codecs, and its parser. The range
// (`from`/`to`/`time`/`window`) needs `now`, so the shared loop in ./view parses it with
// ./range next to the schema. Server code: keep zod out of the browser's bundle.
import { z } from "zod";
import type { Millis } from "../model/time";
import {
  flagParam,
  type ParamError,
  qmodeParam,
  qParam,
  refreshParam,
  type SearchParamsInput,
  spanIdParam,
  tabParam,
  themeParam,
  traceIdParam,
} from "./params";
import { DEFAULT_RANGE } from "./range";
import type { ContainerViewState, EmbedViewState, InventoryViewState, TraceViewState } from "./state";
import { parseWith, type ViewParseResult } from "./view";

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

export function parseContainerView(input: SearchParamsInput, now: Millis): ViewParseResult<ContainerViewState> {
  const r = parseWith({ schema: containerView, range: "required" }, input, now);
  if (!r.ok) return r;
  const { data, range = DEFAULT_RANGE, warnings } = r.parsed;
  return { ok: true, state: { ...data, range }, warnings };
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

export function parseInventoryView(input: SearchParamsInput, now: Millis): ViewParseResult<InventoryViewState> {
  const r = parseWith({ schema: inventoryView, range: "required" }, input, now);
  if (!r.ok) return r;
  const { data, range = DEFAULT_RANGE, warnings } = r.parsed;
  return { ok: true, state: { ...data, range }, warnings };
}

export function parseEmbedView(input: SearchParamsInput, now: Millis): ViewParseResult<EmbedViewState> {
  const r = parseWith({ schema: embedView, range: "required" }, input, now);
  if (!r.ok) return r;
  const { data, range = DEFAULT_RANGE, warnings } = r.parsed;
  return { ok: true, state: { ...data, range }, warnings };
}
