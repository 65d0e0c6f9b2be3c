// Backend governance for lib/backends/http: per backend endpoint a concurrency limit with a
// bounded queue and a queue timeout (a clear "busy" error, 503, instead of piling up), and
// coalescing of identical in-flight requests (ten panels asking the same thing cause one call).
import { BackendError, type BackendName } from "../model/errors";
import { SlotQueue } from "../slot-queue";

export interface GovernorLimits {
  /** Requests running at once against one backend endpoint. */
  concurrency: number;
  /** Requests waiting for a slot; more are refused at once. */
  queue: number;
  /** How long a request may wait for a slot. */
  queueTimeoutMs: number;
}

export const DEFAULT_GOVERNOR_LIMITS: GovernorLimits = { concurrency: 8, queue: 64, queueTimeoutMs: 10_000 };

export class Governor {
  /** The slots and their queue (lib/slot-queue.ts, shared with the server's page renders). */
  private readonly slots: SlotQueue;
  constructor(
    readonly backend: BackendName,
    readonly limits: GovernorLimits = DEFAULT_GOVERNOR_LIMITS,
  ) {
    this.slots = new SlotQueue(() => this.limits);
  }

  stats(): { active: number; waiting: number } {
    const { running, waiting } = this.slots.stats();
    return { active: running, waiting };
  }

  /** Wait for a slot; the returned function frees it (call exactly once). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.slots.tryEnter();
    if (now) return Promise.resolve(now);
    const L = this.limits;
    if (this.slots.full())
      return Promise.reject(
        new BackendError(
          this.backend,
          "busy",
          `busy: ${L.concurrency} requests running and ${L.queue} waiting; try again in a moment`,
        ),
      );
    return new Promise((resolve, reject) =>
      this.slots.wait(
        resolve,
        (why) =>
          reject(
            why === "aborted"
              ? signal?.reason
              : new BackendError(
                  this.backend,
                  "busy",
                  `busy: no free slot within ${L.queueTimeoutMs} ms (${L.concurrency} requests running); try again in a moment`,
                ),
          ),
        signal,
      ),
    );
  }
}

const governors = new Map<string, Governor>();
let configured: GovernorLimits = DEFAULT_GOVERNOR_LIMITS;

/**
 * The limits of governors created from now on (SIGHTLINE_BACKEND_*, set by createBackends from
 * the configuration); existing governors keep theirs, so it is called before the first request.
 */
export function setGovernorLimits(limits: GovernorLimits): void {
  configured = { ...limits };
  governors.clear();
}

/** The governor of one backend endpoint (process-wide). */
export function governorFor(backend: BackendName, endpoint: string): Governor {
  const key = `${backend} ${endpoint}`;
  let g = governors.get(key);
  if (!g) {
    g = new Governor(backend, configured);
    governors.set(key, g);
  }
  return g;
}

export function governorStats(): Record<string, { active: number; waiting: number }> {
  return Object.fromEntries([...governors].map(([k, g]) => [k, g.stats()]));
}

interface Shared<T> {
  promise: Promise<T>;
  controller: AbortController;
  callers: number;
}

const inflight = new Map<string, Shared<unknown>>();

/**
 * Join the shared call in flight under `key`, as `coalesce` would; undefined when there is none
 * (nothing is started).
 */
export function joinInflight<T>(key: string, signal?: AbortSignal): Promise<T> | undefined {
  if (!inflight.has(key)) return undefined;
  return coalesce<T>(key, signal, () => Promise.reject(new Error("no shared call in flight")));
}

/**
 * Run `fn` once for all concurrent callers with the same key. Each caller's signal only
 * detaches that caller; the shared call is aborted when every caller has gone.
 */
export function coalesce<T>(key: string, signal: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>) {
  if (signal?.aborted) return Promise.reject(signal.reason);
  let s = inflight.get(key) as Shared<T> | undefined;
  if (!s) {
    const controller = new AbortController();
    const promise = fn(controller.signal).finally(() => {
      if (inflight.get(key) === entry) inflight.delete(key);
    });
    const entry: Shared<T> = { promise, controller, callers: 0 };
    inflight.set(key, entry);
    s = entry;
    promise.catch(() => {}); // each caller observes the outcome itself
  }
  const shared = s;
  shared.callers++;
  if (!signal) return shared.promise;
  return new Promise<T>((resolve, reject) => {
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      shared.callers--;
      if (shared.callers === 0) {
        if (inflight.get(key) === shared) inflight.delete(key);
        shared.controller.abort(signal.reason);
      }
      reject(signal.reason);
    };
    signal.addEventListener("abort", leave, { once: true });
    shared.promise.then(
      (v) => {
        signal.removeEventListener("abort", leave);
        if (!left) resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", leave);
        if (!left) reject(e);
      },
    );
  });
}

export function inflightCount(): number {
  return inflight.size;
}
