// Windows of a huge trace's waterfall. Past SIGHTLINE_TRACE_WINDOW_SPANS spans the browser does
// not receive the whole tree: the server keeps the decoded trace (TraceStore) and answers the
// rows of a *view* (which subtrees are collapsed, the search and "only matches") a window at a
// time. The client keeps the view as a few numbers (ViewSpec) and sends it with every request,
// so the server holds no per-client state and any replica can answer.
//
// A window travels as the same binary columns as a whole trace (codec.ts): a WaterfallModel
// whose per-span columns hold the window's rows only (local index 0..rows-1), with
//   x.pos  Int32  the row's position in the whole trace (pre-order; detail, search, toggles use it)
//   x.row  Uint8  ROW_COLLAPSED | ROW_MATCH, the row's state in this view
// `parentPos` keeps whole-trace positions; `orphanParents` is keyed by local index; the summary
// fields (services, containers, counts, time span) are the whole trace's, except `n`, which is
// the window's row count on the wire (`tables.window.spans` is the trace's span count).

/** Bits of the `x.row` column. */
export const ROW_COLLAPSED = 1;
export const ROW_MATCH = 2;

/** Key of the window's description in the header's `tables`. */
export const WINDOW_TABLE = "window";

/** Most toggled positions one view may carry (each is a click). */
export const MAX_TOGGLED = 500;
/** Most revealed positions one view may carry (search jumps, links); older ones drop first. */
export const MAX_REVEAL = 50;
/** Most rows one window request may ask for. */
export const MAX_WINDOW_ROWS = 500;
/** Rows of the first window (the columns route's answer for a huge trace: the default view's top). */
export const WINDOW_FIRST_ROWS = 200;
/** Search matches a windowed client asks for (a jump list); the count is always whole. */
export const WINDOW_SEARCH_LIMIT = 1000;

export interface ViewSpec {
  /** "none": every span expanded unless toggled; "all": every span with children collapsed unless toggled. */
  base: "none" | "all";
  /** Positions whose collapsed state is the opposite of `base` (ascending, unique). */
  toggled: number[];
  /** Positions whose every ancestor is shown expanded, whatever `base` and `toggled` say. */
  reveal: number[];
  /** Waterfall search syntax (lib/trace-wire/search.ts); "" = none. */
  q: string;
  /** With a query: keep only the matches and their ancestors. */
  only: boolean;
}

export const DEFAULT_VIEW: ViewSpec = { base: "none", toggled: [], reveal: [], q: "", only: false };

/** tables.window of a window's header. */
export interface WindowInfo {
  /** Index in the view of the window's first row. */
  first: number;
  /** Rows in the whole view. */
  total: number;
  /** Spans in the trace. */
  spans: number;
  /** Matches of the view's query in the whole trace (0 without one). */
  matches: number;
  /** Where the asked-for span (`locate=` or `span=`) is: its position and its index in the view (-1 = hidden). */
  locate?: { pos: number; index: number };
}

/**
 * The window a decoded model is (its `tables.window`), or undefined for a whole trace: how the
 * client tells the columns route's answer for a huge trace from a whole tree.
 */
export function windowInfoOf(m: { tables: Readonly<Record<string, unknown>> }): WindowInfo | undefined {
  const w = m.tables[WINDOW_TABLE] as WindowInfo | undefined;
  return w && typeof w === "object" && Number.isInteger(w.total) ? w : undefined;
}

/** A window request, as query parameters of GET /api/traces/{id}/window. */
export interface WindowRequest {
  version: string;
  view: ViewSpec;
  first: number;
  count: number;
  /** Also tell where this position is (WindowInfo.locate). */
  locate?: number;
  /** Find this span ID, reveal it, and tell where it is (WindowInfo.locate). */
  spanId?: string;
}

/**
 * The view as query parameters: `base=all`, `t=` and `r=` comma-separated positions, `q=`,
 * `only=1`; defaults are left out, so the default view adds nothing.
 */
export function viewParams(view: ViewSpec): string[] {
  const out: string[] = [];
  if (view.base === "all") out.push("base=all");
  if (view.toggled.length) out.push(`t=${view.toggled.join(",")}`);
  if (view.reveal.length) out.push(`r=${view.reveal.join(",")}`);
  if (view.q.trim()) out.push(`q=${encodeURIComponent(view.q)}`);
  if (view.only && view.q.trim()) out.push("only=1");
  return out;
}

export function windowParams(r: WindowRequest): string {
  return [
    `v=${encodeURIComponent(r.version)}`,
    `first=${r.first}`,
    `count=${r.count}`,
    ...viewParams(r.view),
    ...(r.locate !== undefined ? [`locate=${r.locate}`] : []),
    ...(r.spanId ? [`span=${encodeURIComponent(r.spanId)}`] : []),
  ].join("&");
}

/** A stable key of a view (the server caches a view's rows under it; the client keys queries by it). */
export const viewKey = (view: ViewSpec): string => viewParams(view).join("&");

/** A position list from a query parameter; undefined when malformed or too long. */
function positions(raw: string | null, max: number): number[] | undefined {
  if (!raw) return [];
  const parts = raw.split(",");
  if (parts.length > max) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,9}$/.test(p)) return undefined;
    out.push(Number(p));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

export type ParsedWindow =
  | { ok: true; request: Omit<WindowRequest, "version"> & { version: string | null } }
  | { ok: false; param: string; message: string };

/** Reads a window request's query parameters (the route's input; every bad one is named). */
export function parseWindowParams(sp: URLSearchParams): ParsedWindow {
  const base = sp.get("base") ?? "none";
  if (base !== "none" && base !== "all") return { ok: false, param: "base", message: 'base is "none" or "all"' };
  const toggled = positions(sp.get("t"), MAX_TOGGLED);
  if (!toggled) return { ok: false, param: "t", message: `t is at most ${MAX_TOGGLED} comma-separated positions` };
  const reveal = positions(sp.get("r"), MAX_REVEAL);
  if (!reveal) return { ok: false, param: "r", message: `r is at most ${MAX_REVEAL} comma-separated positions` };
  const q = sp.get("q") ?? "";
  if (q.length > 500) return { ok: false, param: "q", message: "q is longer than 500 characters" };
  const only = sp.get("only");
  if (only !== null && only !== "1" && only !== "0") return { ok: false, param: "only", message: "only is 1 or 0" };
  const int = (name: string, def: number, max: number): number | undefined => {
    const raw = sp.get(name);
    if (raw === null) return def;
    if (!/^\d{1,9}$/.test(raw)) return undefined;
    const n = Number(raw);
    return n <= max ? n : undefined;
  };
  const first = int("first", 0, 999_999_999);
  if (first === undefined) return { ok: false, param: "first", message: "first is a row index" };
  const count = int("count", 200, MAX_WINDOW_ROWS);
  if (count === undefined) return { ok: false, param: "count", message: `count is 0 to ${MAX_WINDOW_ROWS}` };
  const locateRaw = sp.get("locate");
  let locate: number | undefined;
  if (locateRaw !== null) {
    locate = int("locate", 0, 999_999_999);
    if (locate === undefined) return { ok: false, param: "locate", message: "locate is a position" };
  }
  const spanId = sp.get("span") ?? undefined;
  if (spanId !== undefined && !/^[0-9a-fA-F]{1,32}$/.test(spanId))
    return { ok: false, param: "span", message: "span is a span ID (1 to 32 hex characters)" };
  return {
    ok: true,
    request: {
      version: sp.get("v"),
      view: { base, toggled, reveal, q, only: only === "1" && q.trim() !== "" },
      first,
      count,
      ...(locate !== undefined ? { locate } : {}),
      ...(spanId ? { spanId } : {}),
    },
  };
}
