// Every in-app URL is built here, from typed state, so links always parse back. `theme` and
// `embed` ride along on every link so an embedded page stays embedded while clicking through.
import type { Millis } from "../model/time";
import { normalizeTraceId } from "../model/trace-id";
import { parseKubeRef } from "../model/kube-ref";
import { formatGoParams } from "./go-format";
import { kubeContainerPath } from "./kube";
import type { Theme } from "./params";
import { pinRange, type RangeExpr } from "./range";
import {
  type ChromeState,
  type ContainerViewState,
  containerViewState,
  type EmbedViewState,
  embedViewState,
  formatContainerView,
  formatEmbedView,
  formatInventoryView,
  formatTraceView,
  type InventoryViewState,
  inventoryViewState,
  type TraceViewState,
} from "./state";
import { absoluteTime, NOW, relativeTime, type TimeExpr } from "./time";

export { grafanaExploreHref, jaegerTraceHref } from "./links-out";

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);
const seg = (s: string) => encodeURIComponent(s);

/** A path segment as the page should use it: decoded once, never throwing on a stray `%`. */
export function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // `%` alone or `%ZZ`: not an encoding, so it was meant literally
  }
}

/**
 * `/containers/{ref}`; unspecified fields take their defaults (last hour, no tab…). A Kubernetes
 * ref (lib/model/kube-ref) becomes `/k8s/{namespace}/pods/{pod}/{container}?cluster=…`.
 */
export function containerHref(ref: string, state: Partial<ContainerViewState> = {}): string {
  const query = formatContainerView(containerViewState(state));
  const kube = parseKubeRef(ref);
  if (kube) return kubeContainerPath(kube, query);
  return withQuery(`/containers/${seg(ref)}`, query);
}

export interface TraceLinkOptions {
  spanId?: string;
  /** Narrows the trace lookup (Jaeger searches by time); numbers are epoch ms. */
  from?: TimeExpr | Millis;
  to?: TimeExpr | Millis;
  theme?: Theme;
  embed?: boolean;
}
const timeOf = (t: TimeExpr | Millis): TimeExpr => (typeof t === "number" ? absoluteTime(t) : t);

/** `/traces/{traceId}`, the id normalised to 32 hex when it is one (Jaeger v1 sends 16). */
export function traceHref(traceId: string, opts: TraceLinkOptions = {}): string {
  const id = normalizeTraceId(traceId) ?? traceId;
  const state: TraceViewState = { embed: opts.embed ?? false, theme: opts.theme, spanId: opts.spanId };
  if (opts.from !== undefined || opts.to !== undefined) {
    const to = opts.to === undefined ? NOW : timeOf(opts.to);
    // Only `to` given: the hour before it, matching how the page reads a lone `to`.
    // A rounded relative `to` loses its rounding here; the range is only a lookup hint.
    const from = opts.from !== undefined ? timeOf(opts.from) : loneToStart(to);
    state.range = { from, to };
  }
  return withQuery(`/traces/${seg(id)}`, formatTraceView(state));
}
const loneToStart = (to: TimeExpr): TimeExpr =>
  to.kind === "absolute" ? absoluteTime(to.ms - HOUR) : relativeTime(to.offsetMs - HOUR);
const HOUR = 3_600_000;

/** `/` (the container inventory). */
export function inventoryHref(state: Partial<InventoryViewState> = {}): string {
  return withQuery("/", formatInventoryView(inventoryViewState(state)));
}

/** `/embed/containers/{ref}`: the no-JavaScript view for Grafana's sandboxed Text panel. */
export function embedContainerHref(ref: string, state: Partial<EmbedViewState> = {}): string {
  return withQuery(`/embed/containers/${seg(ref)}`, formatEmbedView(embedViewState(state)));
}

/** `/go?…` for alert templates and tests: labels plus the alert's start and end. */
export function goHref(
  labels: Record<string, string>,
  startsAt?: Millis,
  endsAt?: Millis,
  chrome: Partial<ChromeState> = {},
): string {
  return withQuery(
    "/go",
    formatGoParams({ labels, startsAt, endsAt, embed: chrome.embed ?? false, theme: chrome.theme }),
  );
}

export type ViewLocation =
  | { view: "container"; ref: string; state: ContainerViewState }
  | { view: "trace"; traceId: string; state: TraceViewState }
  | { view: "inventory"; state: InventoryViewState }
  | { view: "embed"; ref: string; state: EmbedViewState };

export function hrefOf(loc: ViewLocation): string {
  switch (loc.view) {
    case "container":
      return containerHref(loc.ref, loc.state);
    case "trace":
      return withQuery(`/traces/${seg(normalizeTraceId(loc.traceId) ?? loc.traceId)}`, formatTraceView(loc.state));
    case "inventory":
      return inventoryHref(loc.state);
    case "embed":
      return embedContainerHref(loc.ref, loc.state);
  }
}

/**
 * "Share": the same view with both ends of the range pinned to epoch ms, so the link shows
 * the same data later. Live tail and auto-refresh are dropped: a fixed range never moves.
 * `origin` (e.g. `https://sightline.example`) makes the link absolute as a URL too.
 */
export function shareHref(loc: ViewLocation, now: Millis, origin = ""): string {
  const pin = (r: RangeExpr) => pinRange(r, now);
  let pinned: ViewLocation;
  switch (loc.view) {
    case "container":
      pinned = { ...loc, state: { ...loc.state, range: pin(loc.state.range), live: false, refresh: undefined } };
      break;
    case "trace":
      pinned = loc.state.range ? { ...loc, state: { ...loc.state, range: pin(loc.state.range) } } : loc;
      break;
    case "inventory":
      pinned = { ...loc, state: { ...loc.state, range: pin(loc.state.range), refresh: undefined } };
      break;
    case "embed":
      pinned = { ...loc, state: { ...loc.state, range: pin(loc.state.range), refresh: undefined } };
      break;
  }
  return `${origin.replace(/\/+$/, "")}${hrefOf(pinned)}`;
}

/** The chrome part of any view state, to pass into the next link. */
export const chromeOf = (s: { theme?: Theme; embed?: boolean }): ChromeState =>
  s.theme ? { theme: s.theme, embed: s.embed ?? false } : { embed: s.embed ?? false };

/**
 * Add `theme`/`embed` to an in-app href built elsewhere (e.g. a plain `/containers/x`), unless it
 * sets them already. Only same-app paths are touched; anything else is returned unchanged.
 */
export function withChrome(href: string, chrome: ChromeState): string {
  if (!href.startsWith("/") || href.startsWith("//")) return href;
  const u = new URL(href, "http://sightline.invalid");
  if (chrome.theme && !u.searchParams.has("theme")) u.searchParams.set("theme", chrome.theme);
  if (chrome.embed && !u.searchParams.has("embed")) u.searchParams.set("embed", "1");
  return `${u.pathname}${u.search}${u.hash}`;
}

/** `/settings/correlation?container=…`: the detected mappings of one container. */
export function correlationSettingsHref(ref: string, chrome: Partial<ChromeState> = {}): string {
  return withChrome(`/settings/correlation?${new URLSearchParams({ container: ref })}`, {
    embed: chrome.embed ?? false,
    ...(chrome.theme ? { theme: chrome.theme } : {}),
  });
}
