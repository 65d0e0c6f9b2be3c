// Server page renders at once (issue #13): a container page is the heaviest request Sightline
// serves (~40 ms of one uninterrupted stretch of CPU to render on an idle 2-core machine, several
// times that under load, against 1–10 ms for most API answers), and every render in progress is a
// long task that /api/health and every other answer queue behind. The request hook
// (http-hook.ts) lets `concurrency` renders run, keeps up to `queue` more waiting in order (a
// short wait is better for a user than an error), and refuses the rest at once with 503, a message
// and Retry-After — as does a wait longer than `queueTimeoutMs`.

import { type Release, SlotQueue } from "../slot-queue";
import type { Overload } from "./loop-delay";

export type { Release };

export interface PageGateLimits {
  /** Page renders at once. */
  concurrency: number;
  /** Page requests waiting for a render slot; more are refused at once. */
  queue: number;
  /** The longest wait for a slot (ms), then refused. */
  queueTimeoutMs: number;
}

export class PageGate {
  /**
   * Is the event loop late now? While it is, one render runs at a time (the rest wait their
   * turn in the queue): each render is one of the longest uninterrupted tasks the server runs,
   * and several of them in one turn of the loop made the 200–450 ms turns /api/health waited
   * behind under load (#13). On time again, `limits.concurrency` run.
   */
  late: () => boolean = () => false;
  /** The slots and their queue (lib/slot-queue.ts, shared with the backend governor). */
  private readonly slots = new SlotQueue(
    () => this.limits,
    () => (this.limits.concurrency > 1 && this.late() ? 1 : this.limits.concurrency),
  );

  constructor(public limits: PageGateLimits) {}

  /** Renders in progress / requests waiting. */
  stats(): { running: number; waiting: number } {
    return this.slots.stats();
  }

  /**
   * A slot now (its release), a wait for one (resolves to its release, or to undefined when the
   * wait times out), or undefined: the queue is full.
   */
  enter(): Release | Promise<Release | undefined> | undefined {
    const now = this.slots.tryEnter();
    if (now) return now;
    if (this.slots.full()) return undefined;
    return new Promise((resolve) => this.slots.wait(resolve, () => resolve(undefined)));
  }
}

const g = globalThis as typeof globalThis & { __sightlinePageGate?: PageGate };

/** The process's gate (shared by every bundle, like the request hook). */
export function pageGate(): PageGate {
  g.__sightlinePageGate ??= new PageGate({ concurrency: Number.POSITIVE_INFINITY, queue: 0, queueTimeoutMs: 1000 });
  return g.__sightlinePageGate;
}

/** Server page renders at once, their queue and its longest wait (SIGHTLINE_MAX_CONCURRENT_PAGES…); tests change it. */
export function setPageLimits(limits: PageGateLimits): void {
  pageGate().limits = { ...limits };
}

/** A request for a server-rendered page (a document or its RSC payload), not an API call. */
export function isPageRequest(method: string | undefined, pathname: string): boolean {
  return (method === "GET" || method === "HEAD") && !pathname.startsWith("/api/") && !exemptFromAdmission(pathname);
}

/**
 * Not counted, never refused: liveness/readiness/health and the metrics scrape (an overloaded
 * server must still say so), static assets, the login flow, and live tails (long-lived, with
 * their own caps in lib/server/tail-hub).
 */
export function exemptFromAdmission(pathname: string): boolean {
  return (
    pathname === "/api/health" ||
    pathname === "/livez" ||
    pathname === "/readyz" ||
    pathname === "/metrics" ||
    pathname === "/favicon.ico" ||
    pathname.startsWith("/_next/") ||
    pathname.startsWith("/auth/") ||
    pathname.endsWith("/logs/tail")
  );
}

/** The refusal of a page request the render gate cannot take. */
export function pageBusy(gate: PageGate, why: string): Overload {
  const { running, waiting } = gate.stats();
  return {
    message: `Sightline is busy: ${running} pages are being rendered and ${waiting} are waiting (${why}); try again in a moment`,
    retryAfterS: 2,
  };
}
