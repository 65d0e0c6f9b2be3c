// MSW handlers that answer like Loki 2.8.4 (see /work/shared/fixtures/loki-2.8), computing
// results from a LokiSource. Errors are bare text with Loki's JSON content type.
import { http, type RequestHandler } from "msw";
import type { LokiSource } from "../sources";
import { labelNames, labelValues, seriesList, volume } from "./loki-meta";
import { lokiJson, lokiTextError, matrixData, streamsData, vectorData } from "./loki-response";
import { LokiError } from "./logql/ast";
import { alignedSteps, evalMetric } from "./logql/metric";
import { checkEntriesLimit, directionParam, limitParam, parseLokiTime, rangeParams, stepParam } from "./logql/params";
import { parseLogQL } from "./logql/parse";
import { selectLogs } from "./logql/select";

export { matchLogQuery } from "./logql/select";

export interface LokiMockOptions {
  /** Clock for default time ranges; tests pin it. */
  now?: () => number;
}

const HOUR_MS = 3_600_000;

/** The recorded 2.8.4 source build reports empty strings (status_buildinfo.json), with no envelope. */
export const LOKI_BUILDINFO = {
  version: "",
  revision: "",
  branch: "",
  buildUser: "",
  buildDate: "",
  goVersion: "",
} as const;

async function formParams(request: Request): Promise<URLSearchParams> {
  const out = new URLSearchParams();
  const type = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && type.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(await request.text())) out.append(k, v);
  }
  for (const [k, v] of new URL(request.url).searchParams) out.append(k, v);
  return out;
}

type Compute = (p: URLSearchParams, request: Request) => unknown;

function endpoint(compute: Compute, wrap = true) {
  return async ({ request }: { request: Request }): Promise<Response> => {
    try {
      const data = compute(await formParams(request), request);
      return lokiJson(wrap ? { status: "success", data } : data);
    } catch (e) {
      if (e instanceof LokiError) return lokiTextError(e.message, e.status);
      return lokiTextError(e instanceof Error ? e.message : String(e), 500);
    }
  };
}

export function lokiHandlers(baseUrl: string, src: LokiSource, options: LokiMockOptions = {}): RequestHandler[] {
  const base = `${baseUrl.replace(/\/+$/, "")}/loki/api/v1`;
  const nowNs = (): bigint => BigInt(Math.round((options.now ?? Date.now)())) * 1_000_000n;

  const queryRange: Compute = (p) => {
    const r = rangeParams(p, nowNs(), HOUR_MS);
    const limit = limitParam(p);
    const direction = directionParam(p);
    const stepMs = stepParam(p, r);
    const expr = parseLogQL(p.get("query") ?? "");
    if (expr.kind === "log") {
      checkEntriesLimit(limit);
      return streamsData(selectLogs(expr, src, r.startNs, r.endNs, limit, direction));
    }
    const steps = alignedSteps(r.startNs, r.endNs, stepMs);
    return matrixData(steps, evalMetric(expr, src, steps));
  };

  const instant: Compute = (p) => {
    const raw = p.get("time") ?? "";
    const ts = raw === "" ? nowNs() : parseLokiTime(raw);
    if (ts === undefined) throw new LokiError(`cannot parse "${raw}" to a valid timestamp`);
    const limit = limitParam(p);
    const direction = directionParam(p);
    const expr = parseLogQL(p.get("query") ?? "");
    if (expr.kind === "log") {
      // 2.8 evaluates instant log queries over [time, time): never any lines.
      checkEntriesLimit(limit);
      return streamsData(selectLogs(expr, src, ts, ts, limit, direction));
    }
    return vectorData(ts, evalMetric(expr, src, [ts])[0] ?? []);
  };

  const labelsRange = (p: URLSearchParams) => rangeParams(p, nowNs(), 6 * HOUR_MS);
  const both = (path: string, compute: Compute, wrap = true): RequestHandler[] => [
    http.get(`${base}${path}`, endpoint(compute, wrap)),
    http.post(`${base}${path}`, endpoint(compute, wrap)),
  ];
  const withData = (values: string[]): unknown => (values.length ? values : undefined);

  return [
    ...both("/query_range", queryRange),
    ...both("/query", instant),
    http.get(
      `${base}/labels`,
      endpoint((p) => withData(labelNames(src, labelsRange(p), p.get("query") ?? ""))),
    ),
    http.get(
      `${base}/label/:name/values`,
      endpoint((p, request) => {
        const name = decodeURIComponent(new URL(request.url).pathname.split("/").at(-2) ?? "");
        return withData(labelValues(src, labelsRange(p), name, p.get("query") ?? ""));
      }),
    ),
    ...both("/series", (p) => seriesList(src, labelsRange(p), p.getAll("match[]"))),
    ...both(
      "/index/volume",
      (p) => volume(src, labelsRange(p), p.get("query") ?? "", p.get("targetLabels") ?? "", limitParam(p)),
      false,
    ),
    http.get(`${base}/status/buildinfo`, () => lokiJson(LOKI_BUILDINFO)),
  ];
}
