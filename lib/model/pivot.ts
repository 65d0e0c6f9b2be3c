// Pivots as they travel in Sightline's API. lib/correlation decides them (which view, which
// container, which margin, or why there is none); lib/url turns a decision into an href;
// components only render the result (DESIGN.md §1, docs/ARCHITECTURE.md).
import type { TimeRange } from "./time";

export type PivotTab = "metrics" | "logs" | "traces";

/** Where a pivot leads, as data: lib/url formats it (lib/url/pivots.ts). */
export type PivotTarget =
  | { view: "container"; ref: string; range?: TimeRange; tab?: PivotTab; traceId?: string; spanId?: string }
  | { view: "trace"; traceId: string; spanId?: string; range?: TimeRange };

/** Why a pivot has no link, and what fixes it. Shown on screen, never silent. */
export interface PivotReason {
  kind: "reason";
  message: string;
  suggestion?: string;
}

/** A decided in-app (or link-out) pivot, already formatted by lib/url. */
export interface PivotLink {
  kind: "link";
  href: string;
  label: string;
}

export type Pivot = PivotLink | PivotReason;

/**
 * One decision for many items at once (every span placed in one container, every log line or
 * exemplar of one response): the item's own time and ids complete the target. Cheap to send
 * for 100,000 spans; `itemHref` in lib/url/pivots.ts formats it for one item.
 */
export interface ItemPivot {
  kind: "item";
  label: string;
  /** `ids`: carry the item's traceId/spanId into the container view (span → logs, own lines first). */
  target: { view: "container"; ref: string; tab: PivotTab; ids: boolean } | { view: "trace" };
  /** The item's [start, end] widened by this much on both sides. */
  marginMs: number;
}

/** What an item brings to an ItemPivot. Times in ms since the epoch. */
export interface PivotItem {
  startMs: number;
  endMs: number;
  traceId?: string;
  spanId?: string;
}
