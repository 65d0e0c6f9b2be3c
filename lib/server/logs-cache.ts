// The logs API's answers, serialised once and shared: identical requests in flight share one
// backend round (lib/backends/governor's coalesce), and a finished answer is kept briefly —
// a few seconds while its range may still grow, a minute once the range ended well in the
// past (a closed range cannot change). The container is resolved within the caller's scope
// before this is asked (lib/server/container-route.ts), and the answer depends only on the
// container and the query, so a cached answer never crosses a scope boundary: to get one, a
// caller must be able to see the container.
import { createHash } from "node:crypto";
import type { Backends } from "../backends/factory";
import { coalesce, joinInflight } from "../backends/governor";
import { logQuery, type UserLineFilter } from "../correlation/queries-loki";
import type { ContainerLogsResponse } from "../model/api";
import type { Container } from "../model/container";
import { countCache } from "../observe/metrics";
import { encodeUtf8 } from "../utf8";
import { ExpiringLru } from "./expiring-lru";
import { tracePatterns } from "./log-lines";
import { containerLogs, type LogsRequest, lokiMappingFor } from "./logs";
import { currentMargins } from "./pivot-context";

/** A range that ended this long ago is settled: Loki has the lines (shippers lag seconds). */
export const SETTLED_AFTER_MS = 60_000;
/** How long an answer is reused: a settled range / one that may still grow. */
export const SETTLED_TTL_MS = 60_000;
export const OPEN_TTL_MS = 2_000;
/** Browser cache lifetime of a settled answer (`Cache-Control: private, max-age`). */
export const SETTLED_MAX_AGE_S = 60;

/** Answers larger than this are not kept (a 5,000-line page of long lines). */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
/** All kept answers together. */
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 256;

export interface LogsAnswer {
  /** The JSON body, UTF-8 (encoded once, not per request). */
  body: Uint8Array<ArrayBuffer>;
  /** Strong validator of `body`. */
  etag: string;
  /** The range ended ≥ SETTLED_AFTER_MS before the answer was made. */
  settled: boolean;
  /**
   * The decoded answer, on an answer made for this very call (not on one from the cache): a
   * caller that needs the object (the page's panel seed) need not parse `body` back.
   */
  res?: ContainerLogsResponse;
}

/** A bounded LRU of serialised answers with a per-entry lifetime, bounded by their bytes too. */
export class AnswerCache extends ExpiringLru<LogsAnswer> {
  constructor(maxTotalBytes = MAX_TOTAL_BYTES, maxEntries = MAX_ENTRIES, maxEntryBytes = MAX_ENTRY_BYTES) {
    super(maxEntries, (a) => a.body.byteLength, maxTotalBytes, maxEntryBytes);
  }
}

const g = globalThis as typeof globalThis & { __sightlineLogsCache?: AnswerCache };
export function logsAnswerCache(): AnswerCache {
  g.__sightlineLogsCache ??= new AnswerCache();
  return g.__sightlineLogsCache;
}

export function toAnswer(res: ContainerLogsResponse, settled: boolean): LogsAnswer {
  const body = encodeUtf8(JSON.stringify(res));
  return { body, etag: `"${createHash("sha1").update(body).digest("base64url")}"`, settled };
}

/**
 * The answer's object: the one it was made from when it comes with it, else its body read
 * back. The body is toAnswer's own JSON.stringify of a ContainerLogsResponse (never backend
 * text), so reading it back needs no schema.
 */
export function answerValue(a: LogsAnswer): ContainerLogsResponse {
  return a.res ?? (JSON.parse(new TextDecoder().decode(a.body)) as ContainerLogsResponse);
}

/** How long an answer made at `now` may be reused. */
export function ttlFor(r: LogsRequest, res: ContainerLogsResponse, now: number): number {
  // The first page also carries the volume chart, which the page shows without it when that
  // query failed: such an answer is not kept beyond the short window.
  const complete = Boolean(r.before) || res.volume !== undefined;
  return complete && isSettled(r, now) ? SETTLED_TTL_MS : OPEN_TTL_MS;
}

export function isSettled(r: LogsRequest, now: number): boolean {
  return r.range.to <= now - SETTLED_AFTER_MS;
}

/**
 * The cache key of a request's answer, or undefined when the answer is never kept (no Loki
 * mapping, or a filter that makes no query: the reason is made fresh every time).
 */
export async function logsAnswerKey(b: Backends, c: Container, r: LogsRequest): Promise<string | undefined> {
  const { mapping } = await lokiMappingFor(b, c);
  const filter: UserLineFilter | undefined = r.q ? { text: r.q, mode: r.qmode } : undefined;
  const q = mapping ? logQuery(mapping, c, filter) : undefined;
  if (!q || q.kind === "reason") return undefined;
  // Everything the answer depends on: the LogQL (mapping, container, filter), the request,
  // and the correlation file's patterns and pivot margins.
  const [patterns, margins] = await Promise.all([tracePatterns(), currentMargins()]);
  return JSON.stringify([
    c.source,
    c.host,
    c.id,
    q.query,
    r.range.from,
    r.range.to,
    r.before ?? null,
    r.limit,
    r.traceId ?? null,
    r.spanId ?? null,
    patterns.map((p) => p.source),
    margins,
  ]);
}

/** The key of the shared call that makes an answer (lib/backends/governor's coalesce). */
const answerCallKey = (key: string) => `logs-answer ${key}`;

/**
 * The kept answer of a request if there is one and it is still fresh, or the one being made
 * for an identical request right now (the route would join that same call) — nothing is
 * started here (the request hook's fast path, lib/server/logs-early.ts, serves only these).
 */
export async function keptContainerLogs(
  b: Backends,
  c: Container,
  r: LogsRequest,
  signal?: AbortSignal,
): Promise<LogsAnswer | undefined> {
  const key = await logsAnswerKey(b, c, r);
  return key === undefined ? undefined : keptAnswer(key, signal);
}

/** keptContainerLogs by the answer's key (logsAnswerKey). */
export async function keptAnswer(key: string, signal?: AbortSignal): Promise<LogsAnswer | undefined> {
  const hit = logsAnswerCache().get(key);
  // Its own cache label: /metrics tells how many answers were sent before Next.js.
  countCache("logs-early", Boolean(hit));
  return hit ?? joinInflight<LogsAnswer>(answerCallKey(key), signal);
}

/**
 * The logs API's answer for a container already resolved within the caller's scope. Answers
 * that need no Loki query (no mapping: the reason) are made fresh every time.
 */
export async function cachedContainerLogs(
  b: Backends,
  c: Container,
  r: LogsRequest,
  signal?: AbortSignal,
): Promise<LogsAnswer> {
  const key = await logsAnswerKey(b, c, r);
  if (key === undefined) {
    const res = await containerLogs(b, c, r, signal);
    return { ...toAnswer(res, false), res };
  }
  const cache = logsAnswerCache();
  const hit = cache.get(key);
  countCache("logs", Boolean(hit));
  if (hit) return hit;
  return coalesce(answerCallKey(key), signal, async (shared) => {
    const res = await containerLogs(b, c, r, shared);
    const at = Date.now();
    const answer = toAnswer(res, isSettled(r, at));
    cache.set(key, answer, ttlFor(r, res, at), at);
    return { ...answer, res };
  });
}

/**
 * The status and headers of the logs API's answer (the route and its fast path in the request
 * hook, lib/server/logs-early.ts, both send exactly these). A range that ended well in the past
 * cannot change: the browser may keep the answer a minute and revalidate it by ETag; anything
 * else is not stored.
 */
export function logsAnswerHead(
  a: LogsAnswer,
  ifNoneMatch: string | null,
): { status: 200 | 304; headers: Record<string, string> } {
  const headers: Record<string, string> = a.settled
    ? { "Cache-Control": `private, max-age=${SETTLED_MAX_AGE_S}`, ETag: a.etag }
    : { "Cache-Control": "no-store" };
  if (a.settled && matchesEtag(ifNoneMatch, a.etag)) return { status: 304, headers };
  return { status: 200, headers: { "Content-Type": "application/json", ...headers } };
}

/** `If-None-Match` (a list, weak or strong, or `*`) names this ETag. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const v = t.trim();
    return v === "*" || v === etag || v === `W/${etag}`;
  });
}
