// The container page's three panels answered on the server, for the page's own HTML: the same
// functions and parameter schemas as the panels' API routes (metrics, logs, traces), started
// as soon as the container is resolved, so the first paint needs neither the page's JavaScript
// nor a second round trip. Each answer is keyed by the API URL the panel would fetch
// (lib/queries/seed.ts); the container was resolved within the caller's scope by the page.
import type { Backends } from "../backends/factory";
import type { Container } from "../model/container";
import type { ContainerMetricsResponse } from "../model/api";
import { LOG_PREVIEW_LINES, type LogsSeed, type PanelSeed, type TracesSeed } from "../queries/seed";
import { answerValue, cachedContainerLogs } from "./logs-cache";
import { logsParams, logsRequestOf } from "./logs-params";
import { containerMetrics } from "./metrics";
import { parseParams, rangeSchema } from "./params";
import { toApiError } from "./respond";
import { containerTraces } from "./traces";
import { traceMark } from "../trace-timing";

/**
 * How long the page waits for a panel's answer. The page's HTML waits for all three (they are
 * in it, in document order), so a slow backend must not hold the others or the page: past
 * this, that panel asks the API itself.
 */
export const SEED_WAIT_MS = 1_500;

export interface PanelUrls {
  metrics: string;
  logs: string;
  traces: string;
}

export interface ServerSeeds {
  metrics: Promise<PanelSeed<ContainerMetricsResponse>>;
  logs: Promise<LogsSeed>;
  traces: Promise<TracesSeed>;
}

function paramsOf(url: string): URLSearchParams {
  return new URL(url, "http://sightline.invalid").searchParams;
}

/** `answer` settled into a seed: never rejects, gives up after `waitMs`. */
function seed<T>(url: string, answer: () => Promise<T>, waitMs: number): Promise<PanelSeed<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<PanelSeed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ url, at: Date.now(), skipped: `no answer within ${waitMs} ms` }), waitMs);
    timer.unref?.();
  });
  const done = Promise.resolve()
    .then(answer)
    .then(
      (data): PanelSeed<T> => ({ url, at: Date.now(), data }),
      (err: unknown): PanelSeed<T> => ({ url, at: Date.now(), skipped: toApiError(err).message }),
    );
  return Promise.race([done, late]).finally(() => {
    clearTimeout(timer);
    traceMark(() => `seed ${url.split("?")[0]?.split("/").pop()}`);
  });
}

function bad(message: string): never {
  throw new Error(`invalid panel URL: ${message}`);
}

export function panelSeeds(
  b: Backends,
  c: Container,
  urls: PanelUrls,
  signal?: AbortSignal,
  waitMs = SEED_WAIT_MS,
): ServerSeeds {
  return {
    metrics: seed(
      urls.metrics,
      async () => {
        const p = parseParams(rangeSchema, paramsOf(urls.metrics));
        if (!p.ok) bad(p.message);
        return containerMetrics(b, c, p.value, signal);
      },
      waitMs,
    ),
    logs: seed(
      urls.logs,
      async () => {
        const p = parseParams(logsParams, paramsOf(urls.logs));
        if (!p.ok) bad(p.message);
        // The API's own cached, serialised answer: the panel's API call right after shares it.
        // Freshly made, it comes with its object; from the cache, only its body to parse back.
        const a = await cachedContainerLogs(b, c, logsRequestOf(p.value), signal);
        const res = answerValue(a);
        return { ...res, lines: res.lines.slice(0, LOG_PREVIEW_LINES), previewOf: res.lines.length };
      },
      waitMs,
    ),
    traces: seed(
      urls.traces,
      async () => {
        const p = parseParams(rangeSchema, paramsOf(urls.traces));
        if (!p.ok) bad(p.message);
        return containerTraces(b, c, p.value, signal);
      },
      waitMs,
    ),
  };
}
