// MSW handlers that answer like Prometheus 2.42 (envelopes, status codes, error texts as in
// /work/shared/fixtures/prometheus-2.42), computing results from a PromSource.
import { HttpResponse, http, type RequestHandler } from "msw";
import type { PromSource } from "../sources";
import { exemplarsData, labelNamesData, labelValuesData, metadataData, seriesData } from "./prometheus-meta";
import { PromQLError } from "./promql/ast";
import { rangeParams, timeParam } from "./promql/api-params";
import { instantQuery, rangeQuery } from "./promql/query";

export interface PrometheusMockOptions {
  /** Clock for defaults (`time` of instant queries); tests pin it. */
  now?: () => number;
}

/** The Debian build that was recorded (status_buildinfo.json). */
export const PROMETHEUS_BUILDINFO = {
  version: "2.42.0+ds",
  revision: "2.42.0+ds-5+deb12u1",
  branch: "debian/sid",
  buildUser: "team+pkg-go@tracker.debian.org",
  buildDate: "20260604-00:58:54",
  goVersion: "go1.19.8",
} as const;

const STATUS: Record<PromQLError["errorType"], number> = { bad_data: 400, execution: 422 };

function headers(): HeadersInit {
  return { "Content-Type": "application/json", Date: new Date().toUTCString() };
}

function success(data: unknown): Response {
  return HttpResponse.json({ status: "success", data }, { headers: headers() });
}

function failure(e: unknown): Response {
  const err = e instanceof PromQLError ? e : new PromQLError("execution", e instanceof Error ? e.message : String(e));
  return HttpResponse.json(
    { status: "error", errorType: err.errorType, error: err.message },
    { status: STATUS[err.errorType], headers: headers() },
  );
}

/** Go's r.Form: form-body values first, then URL query values. */
async function formParams(request: Request): Promise<URLSearchParams> {
  const out = new URLSearchParams();
  const type = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && type.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(await request.text())) out.append(k, v);
  }
  for (const [k, v] of new URL(request.url).searchParams) out.append(k, v);
  return out;
}

type Compute = (params: URLSearchParams, request: Request) => unknown;

function endpoint(compute: Compute) {
  return async ({ request }: { request: Request }): Promise<Response> => {
    try {
      return success(compute(await formParams(request), request));
    } catch (e) {
      return failure(e);
    }
  };
}

export function prometheusHandlers(
  baseUrl: string,
  src: PromSource,
  options: PrometheusMockOptions = {},
): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, "");
  const now = options.now ?? Date.now;
  const both = (path: string, compute: Compute): RequestHandler[] => [
    http.get(`${base}${path}`, endpoint(compute)),
    http.post(`${base}${path}`, endpoint(compute)),
  ];

  return [
    ...both("/api/v1/query", (p) => instantQuery(src, p.get("query") ?? "", timeParam(p, "time", now()))),
    ...both("/api/v1/query_range", (p) => {
      const { startMs, endMs, stepMs } = rangeParams(p);
      return rangeQuery(src, p.get("query") ?? "", startMs, endMs, stepMs);
    }),
    ...both("/api/v1/query_exemplars", (p) => exemplarsData(src, p, now())),
    ...both("/api/v1/series", (p) => seriesData(src, p)),
    ...both("/api/v1/labels", (p) => labelNamesData(src, p)),
    http.get(
      `${base}/api/v1/label/:name/values`,
      endpoint((p, request) => {
        const name = decodeURIComponent(new URL(request.url).pathname.split("/").at(-2) ?? "");
        return labelValuesData(src, p, name);
      }),
    ),
    http.get(
      `${base}/api/v1/metadata`,
      endpoint((p) => metadataData(src, p)),
    ),
    http.get(`${base}/api/v1/status/buildinfo`, () => success(PROMETHEUS_BUILDINFO)),
  ];
}
