// The /go state and its formatting, without zod (links are built in the browser too); the
// parsing is in ./go.
import { type Millis, millisToRfc3339 } from "../model/time";
import type { Tab, Theme } from "./params";
import { formatRange, RANGE_PARAMS, type RangeExpr } from "./range";
import type { ChromeState } from "./state";
import { toQuery } from "./query";

export interface GoState extends ChromeState {
  /** Every parameter that is not one of the keys below, e.g. `name`, `container_label_…`. */
  labels: Record<string, string>;
  /** Alert start; `endsAt` absent means still firing. */
  startsAt?: Millis;
  endsAt?: Millis;
  /** Explicit `from`/`to` or `time`/`window`; wins over startsAt/endsAt. */
  range?: RangeExpr;
  traceId?: string;
  spanId?: string;
  tab?: Tab;
  theme?: Theme;
}

export const GO_KEYS = ["startsAt", "endsAt", "traceId", "spanId", "tab", "theme", "embed", ...RANGE_PARAMS] as const;
export const isGoKey = (k: string) => (GO_KEYS as readonly string[]).includes(k);
/** Labels sorted by name after the known keys; labels named like a known key cannot be sent. */
export function formatGoParams(s: GoState): string {
  const labels = Object.entries(s.labels)
    .filter(([k]) => !isGoKey(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return toQuery([
    ...(s.range ? formatRangeExplicit(s.range) : []),
    ["startsAt", s.startsAt === undefined ? undefined : millisToRfc3339(s.startsAt)],
    ["endsAt", s.endsAt === undefined ? undefined : millisToRfc3339(s.endsAt)],
    ["traceId", s.traceId],
    ["spanId", s.spanId],
    ["tab", s.tab],
    ["theme", s.theme],
    ["embed", s.embed ? "1" : undefined],
    ...labels,
  ]);
}

// Absent means "no explicit range" here, so even the default range is written out.
function formatRangeExplicit(r: RangeExpr): [string, string][] {
  const pairs = formatRange(r);
  return pairs.length > 0 ? pairs : [["from", "now-1h"]];
}
