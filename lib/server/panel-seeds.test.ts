// The container page's panel answers for its HTML: the same bodies as the panels' API URLs,
// keyed by those URLs, each settled on its own (a failing or slow backend leaves that panel
// to ask the API itself, never the others without their data).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { correlationConfigSchema } from "../correlation/overrides";
import { millis } from "../model/time";
import { logsUrl, metricsUrl, tracesUrl } from "../queries/keys";
import { LOG_PREVIEW_LINES, seedFor } from "../queries/seed";
import { backends, container, fakeLoki, fakeMetrics, logLine } from "./fake-backends.test-helper";

vi.mock("./correlation-config", () => {
  const config = correlationConfigSchema.parse({ loki: { label: "ctr_name", key: "name" } });
  return { loadCorrelationConfig: async () => ({ config, patterns: [] }) };
});

import { cachedContainerLogs, logsAnswerCache } from "./logs-cache";
import { panelSeeds } from "./panel-seeds";

const NOW = Date.now();
const C = container("shop-cart-1");
const range = { from: millis(NOW - 3_600_000), to: millis(NOW) };
const urls = {
  metrics: metricsUrl(C.name, range),
  logs: logsUrl(C.name, { range, qmode: "substring" }),
  traces: tracesUrl(C.name, range),
};

function loki() {
  return fakeLoki(() => ({ lines: [logLine(`${NOW - 120_000}000000`, "GET /cart 200")] }));
}

beforeEach(() => logsAnswerCache().clear());
afterEach(() => vi.useRealTimers());

describe("panelSeeds", () => {
  it("previews the logs API's own answer (its first screen of lines); the API then reuses that answer", async () => {
    const l = fakeLoki(() => ({
      lines: Array.from({ length: 100 }, (_, i) => logLine(`${NOW - 120_000 - i * 1000}000000`, `GET /cart ${i}`)),
    }));
    const b = backends({ logs: l });
    const s = await panelSeeds(b, C, urls).logs;
    expect(s.url).toBe(urls.logs);
    if (!("data" in s)) throw new Error(`no seed: ${s.skipped}`);
    // The panel's API call right after: the same answer from the cache, no second Loki query.
    const api = JSON.parse(
      Buffer.from((await cachedContainerLogs(b, C, { range, qmode: "substring", limit: 1000 })).body).toString("utf8"),
    );
    expect(l.calls).toHaveLength(1);
    expect(api.lines).toHaveLength(100);
    expect(s.data.previewOf).toBe(100);
    expect(s.data.lines).toEqual(api.lines.slice(0, LOG_PREVIEW_LINES));
    expect({ ...s.data, lines: api.lines, previewOf: undefined }).toEqual({ ...api, previewOf: undefined });
  });

  it("a backend that is not there leaves its panel without a seed, the others keep theirs", async () => {
    const s = panelSeeds(backends({ logs: loki() }), C, urls);
    const [m, lg, t] = await Promise.all([s.metrics, s.logs, s.traces]);
    expect(m).toMatchObject({ url: urls.metrics, skipped: expect.stringContaining("Prometheus is not configured") });
    expect(t).toMatchObject({ url: urls.traces, skipped: expect.stringContaining("Jaeger is not configured") });
    expect("data" in lg).toBe(true);
  });

  it("stops waiting for a slow backend after the wait, without holding the others", async () => {
    const never = new Promise<never>(() => {});
    const slow = fakeMetrics({ labels: () => never, labelValues: () => never, series: () => never });
    const s = panelSeeds(backends({ logs: loki(), metrics: slow }), C, urls, undefined, 30);
    const [m, lg] = await Promise.all([s.metrics, s.logs]);
    expect(m).toMatchObject({ url: urls.metrics, skipped: "no answer within 30 ms" });
    expect("data" in lg).toBe(true);
  });

  it("an invalid URL is no seed (the API answers it with its 400)", async () => {
    const bad = { ...urls, logs: logsUrl(C.name, { range: { from: range.to, to: range.from } }) };
    const s = await panelSeeds(backends({ logs: loki() }), C, bad).logs;
    expect(s).toMatchObject({ skipped: expect.stringContaining("from must be before to") });
  });
});

describe("seedFor", () => {
  const seed = { url: urls.logs, at: NOW, data: { lines: [] } };
  it("gives the data only for the very URL it answers", () => {
    expect(seedFor(seed, urls.logs)).toEqual({ data: { lines: [] }, at: NOW });
    expect(seedFor(seed, logsUrl(C.name, { range, q: "error" }))).toBeUndefined();
    expect(seedFor(undefined, urls.logs)).toBeUndefined();
  });
  it("a skipped panel has no data", () => {
    expect(seedFor({ url: urls.logs, at: NOW, skipped: "no answer" }, urls.logs)).toBeUndefined();
  });
});
