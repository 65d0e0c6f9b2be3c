// Load limits (issue #13), parsed with the rest of the configuration (lib/config.ts) so a bad
// value stops start-up with a message that names the variable: the live-tail hub's caps, the
// per-backend governor, the server's admission (requests and page renders at once, event-loop
// delay), and which proxies may say who the client is (X-Forwarded-For).
// The defaults are lib/server/tail-hub's and lib/backends/governor's.
import { BlockList, isIP } from "node:net";
import type { PageGateLimits } from "./observe/page-gate";

export interface TailLimitsConfig {
  /** Live tails one client (identity, or address) may have open. */
  maxPerClient: number;
  /** Live-tail viewers in total. */
  maxSubscribers: number;
  /** Distinct Loki tails open at once. */
  maxTails: number;
  /** Lines queued per viewer before the oldest are dropped. */
  queueLines: number;
}

export interface GovernorLimitsConfig {
  concurrency: number;
  queue: number;
  queueTimeoutMs: number;
}

export interface LimitsConfig {
  /** SIGHTLINE_TRUSTED_PROXIES as given (addresses / CIDRs); empty: X-Forwarded-For is ignored. */
  trustedProxies: string[];
  trustedProxyList?: BlockList;
  tail: TailLimitsConfig;
  governor: GovernorLimitsConfig;
  /** Page and API requests served at once; more are answered 503 at once (health, probes, assets and live tails are not counted). */
  maxConcurrentRequests: number;
  /** New page and API requests are answered 503 while the event loop runs later than this (ms, smoothed; 0: never). */
  maxLoopDelayMs: number;
  /** Server page renders at once, the queue for more and its longest wait (lib/observe/page-gate.ts). */
  pages: PageGateLimits;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  trustedProxies: [],
  tail: { maxPerClient: 8, maxSubscribers: 500, maxTails: 10, queueLines: 2000 },
  governor: { concurrency: 8, queue: 64, queueTimeoutMs: 10_000 },
  maxConcurrentRequests: 64,
  maxLoopDelayMs: 50,
  pages: { concurrency: 4, queue: 32, queueTimeoutMs: 5000 },
};

/** env var → [what it sets, min, max]. */
const INTS = {
  SIGHTLINE_TAIL_PER_CLIENT: ["tail.maxPerClient", 1, 10_000],
  SIGHTLINE_TAIL_MAX_VIEWERS: ["tail.maxSubscribers", 1, 1_000_000],
  SIGHTLINE_TAIL_MAX_TAILS: ["tail.maxTails", 1, 10_000],
  SIGHTLINE_TAIL_BUFFER_LINES: ["tail.queueLines", 100, 1_000_000],
  SIGHTLINE_BACKEND_CONCURRENCY: ["governor.concurrency", 1, 10_000],
  SIGHTLINE_BACKEND_QUEUE: ["governor.queue", 0, 1_000_000],
  SIGHTLINE_BACKEND_QUEUE_TIMEOUT_MS: ["governor.queueTimeoutMs", 100, 600_000],
  SIGHTLINE_MAX_CONCURRENT_REQUESTS: ["server.maxConcurrentRequests", 1, 1_000_000],
  SIGHTLINE_MAX_LOOP_DELAY_MS: ["server.maxLoopDelayMs", 0, 60_000],
  SIGHTLINE_MAX_CONCURRENT_PAGES: ["pages.concurrency", 1, 10_000],
  SIGHTLINE_PAGE_QUEUE: ["pages.queue", 0, 1_000_000],
  SIGHTLINE_PAGE_QUEUE_TIMEOUT_MS: ["pages.queueTimeoutMs", 100, 600_000],
} as const;

function addresses(name: string, raw: string | undefined, errors: string[]): { list: string[]; bl?: BlockList } {
  const list = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) return { list };
  const bl = new BlockList();
  for (const s of list) {
    const [addr = "", bits] = s.split("/");
    const fam = isIP(addr);
    const max = fam === 6 ? 128 : 32;
    const prefix = bits === undefined ? max : Number(bits);
    if (!fam || !/^\d*$/.test(bits ?? "") || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      errors.push(`${name}: ${JSON.stringify(s)} is not an address or CIDR (e.g. 10.0.0.0/8)`);
      continue;
    }
    bl.addSubnet(addr, prefix, fam === 6 ? "ipv6" : "ipv4");
  }
  return { list, bl };
}

export function parseLimitsConfig(env: Record<string, string | undefined>): { errors: string[]; config: LimitsConfig } {
  const errors: string[] = [];
  const tail = { ...DEFAULT_LIMITS.tail };
  const governor = { ...DEFAULT_LIMITS.governor };
  const server = {
    maxConcurrentRequests: DEFAULT_LIMITS.maxConcurrentRequests,
    maxLoopDelayMs: DEFAULT_LIMITS.maxLoopDelayMs,
  };
  const pages = { ...DEFAULT_LIMITS.pages };
  const into = { tail, governor, server, pages } as Record<string, Record<string, number>>;
  for (const [name, [target, min, max]] of Object.entries(INTS)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      errors.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      continue;
    }
    const [group = "", key = ""] = target.split(".");
    const g = into[group];
    if (g) g[key] = n;
  }
  if (tail.maxPerClient > tail.maxSubscribers)
    errors.push(
      `SIGHTLINE_TAIL_PER_CLIENT (${tail.maxPerClient}) is more than SIGHTLINE_TAIL_MAX_VIEWERS (${tail.maxSubscribers})`,
    );
  const proxies = addresses("SIGHTLINE_TRUSTED_PROXIES", env.SIGHTLINE_TRUSTED_PROXIES, errors);
  return {
    errors,
    config: {
      trustedProxies: proxies.list,
      trustedProxyList: proxies.bl,
      tail,
      governor,
      maxConcurrentRequests: server.maxConcurrentRequests,
      maxLoopDelayMs: server.maxLoopDelayMs,
      pages,
    },
  };
}
