// `/go?…`: the alert entry. Known keys are parsed; every other key is an alert label and is
// kept in `labels` for the resolver (which knows name, container, id, container_label_*, …).
import { z } from "zod";
import { type Millis, millis } from "../model/time";
import {
  flagParam,
  type ParamWarning,
  type SearchParamsInput,
  spanIdParam,
  tabParam,
  themeParam,
  traceIdParam,
} from "./params";
import type { GoState } from "./go-format";
import { MAX_RANGE_MS, type RangeExpr } from "./range";
import { absoluteTime, NOW, parseTimeParam, type TimeExpr } from "./time";
import { parseWith, type ViewParseResult } from "./view";

export { GO_KEYS, type GoState, formatGoParams } from "./go-format";

export const MAX_LABEL_NAME = 256;
export const MAX_LABEL_VALUE = 4096;

// Go's zero time.Time is what Alertmanager prints as EndsAt of a firing alert.
const GO_ZERO_TIME = /^0001-01-01[T ]00:00:00(?:\.0+)?(?:Z| \+0000 UTC)$/;

const alertTime = (now: Millis) =>
  z.string().transform((s, ctx): Millis | undefined => {
    if (GO_ZERO_TIME.test(s.trim())) return undefined;
    const r = parseTimeParam(s, now);
    if (r.ok && r.value.kind === "absolute") return r.value.ms;
    const message = r.ok ? `"${s}" is relative; alerts send RFC3339 times` : r.message;
    ctx.addIssue({ code: "custom", message, params: r.ok ? {} : { suggestion: r.suggestion } });
    return z.NEVER;
  });

const label = z.string().max(MAX_LABEL_VALUE, `label value is longer than ${MAX_LABEL_VALUE} characters`);

/** The /go schema; `now` bounds the alert times (a year ahead at most). Other keys are labels. */
export const goParams = (now: Millis) =>
  z
    .object({
      startsAt: alertTime(now).optional(),
      endsAt: alertTime(now).optional(),
      traceId: traceIdParam.optional(),
      spanId: spanIdParam.optional(),
      tab: tabParam.optional(),
      theme: themeParam.optional(),
      embed: flagParam.default(false),
    })
    .catchall(label)
    .superRefine((v, ctx) => {
      if (v.startsAt !== undefined && v.endsAt !== undefined && v.endsAt < v.startsAt) {
        ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endsAt is before startsAt" });
      }
      for (const k of Object.keys(v)) {
        if (k.length > MAX_LABEL_NAME) ctx.addIssue({ code: "custom", path: [k], message: "label name is too long" });
      }
    });

export function parseGoParams(input: SearchParamsInput, now: Millis): ViewParseResult<GoState> {
  const r = parseWith({ schema: goParams(now), range: "optional", extraKnown: () => true }, input, now);
  if (!r.ok) return r;
  const { data, range, warnings } = r.parsed;
  const { startsAt, endsAt, traceId, spanId, tab, theme, embed, ...rest } = data;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === "string") labels[k] = v;
  const state: GoState = { labels, embed };
  const optional = { startsAt, endsAt, range, traceId, spanId, tab, theme };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(state, { [k]: v });
  const more: ParamWarning[] =
    Object.keys(labels).length === 0 && !traceId ? [{ param: "", message: "no labels to match" }] : [];
  return { ok: true, state, warnings: [...warnings, ...more] };
}

/** Margin around an alert: enough to see what led up to it and how it ended. */
export const ALERT_MARGIN_MS = 15 * 60_000;

/**
 * The range /go redirects to: the explicit one, else [startsAt − 15m, endsAt + 15m] (or up to
 * `now` while firing, so the page follows the live alert), at most 90 days; else the default.
 */
export function goRange(s: GoState, now: Millis): RangeExpr | undefined {
  if (s.range) return s.range;
  if (s.startsAt === undefined) return undefined;
  const end = s.endsAt === undefined ? now : Math.min(s.endsAt + ALERT_MARGIN_MS, now);
  const to: TimeExpr = s.endsAt === undefined || end === now ? NOW : absoluteTime(end);
  const from = Math.max(s.startsAt - ALERT_MARGIN_MS, end - MAX_RANGE_MS);
  return { from: absoluteTime(millis(Math.min(from, end - 60_000))), to };
}
