// MSW handlers imitating the Podman 4.3 API service (fixtures/podman-4.3) or Docker 20.10.
// One catch-all handler routes by regex because both engines accept any version prefix
// (/v1.41/…, /v4.0.0/libpod/…) and Podman also the unversioned compat paths.
import { http, type HttpHandler } from "msw";
import type { EngineContainerSource, EngineSource } from "../sources";
import {
  API_VERSION,
  DOCKER_VERSION,
  type EngineFlavor,
  PODMAN_VERSION,
  badRequest,
  json,
  noSuchContainer,
  pageNotFound,
  pingHeaders,
  stream,
  text,
  untypedJson,
} from "./engine-http";
import { inspectBody } from "./engine-inspect";
import { compatListItem, libpodListItem, matchesFilters, parseFilters, resolveRef } from "./engine-list";
import { compatStats, libpodStats } from "./engine-stats";
import { eventsResponse, multiplexLogs, timeParamMs } from "./engine-stream";
import { versionBody } from "./engine-version";
import { generateKubeResponse } from "./engine-kube";

export interface EngineHandlerOptions {
  flavor?: EngineFlavor;
}

type Route = (m: RegExpExecArray, q: URLSearchParams, method: string) => Response;

const V = String.raw`(?:/v\d+(?:\.\d+){0,2})?`;
const truthy = (v: string | null) => v === "1" || v === "true" || v === "True";

export function engineHandlers(baseUrl: string, src: EngineSource, opts: EngineHandlerOptions = {}): HttpHandler[] {
  const flavor = opts.flavor ?? "podman";
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const find = (ref: string): EngineContainerSource | undefined =>
    resolveRef(src.containers(), decodeURIComponent(ref));

  const listCompat: Route = (_m, q) => {
    const filters = parseFilters(q.get("filters"));
    if (!filters) return badRequest(flavor, "failed to parse filters");
    const now = src.now();
    let list = src
      .containers()
      .filter((c) => (truthy(q.get("all")) || c.state === "running") && matchesFilters(c, filters));
    list = list.sort((a, b) => b.createdMs - a.createdMs);
    const limit = Number(q.get("limit") ?? "-1");
    if (limit > 0) list = list.slice(0, limit);
    return json(
      flavor,
      list.map((c) => compatListItem(flavor, c, now)),
    );
  };
  const listLibpod: Route = (_m, q) => {
    const filters = parseFilters(q.get("filters"));
    if (!filters) return badRequest(flavor, "failed to parse filters");
    const list = src
      .containers()
      .filter((c) => (truthy(q.get("all")) || c.state === "running") && matchesFilters(c, filters));
    return json(flavor, list.map(libpodListItem));
  };
  const inspect: Route = (m) => {
    const c = find(m[1] ?? "");
    return c ? json(flavor, inspectBody(flavor, c)) : noSuchContainer(flavor, decodeURIComponent(m[1] ?? ""));
  };
  const stats: Route = (m, q) => {
    const c = find(m[1] ?? "");
    if (!c) return noSuchContainer(flavor, decodeURIComponent(m[1] ?? ""));
    const s = src.stats(c.id);
    if (!s) return badRequest(flavor, `container ${c.name} is not running`);
    const oneShot = truthy(q.get("one-shot")) || flavor === "podman";
    const prev = oneShot ? undefined : { ...s, readMs: s.readMs - 1000 };
    const body = compatStats(flavor, c, s, prev);
    // stream defaults to true; a single object is what clients asking stream=false get.
    return flavor === "podman" ? untypedJson(flavor, body) : json(flavor, body);
  };
  const libpodStatsRoute: Route = (_m, q) => {
    const wanted = q.getAll("containers");
    const list = wanted.length > 0 ? wanted.map((r) => find(r)) : src.containers().filter((c) => c.state === "running");
    const missing = wanted.find((_r, i) => !list[i]);
    if (missing !== undefined) return noSuchContainer(flavor, missing);
    const items = list.flatMap((c) => {
      const s = c ? src.stats(c.id) : undefined;
      return c && s ? [libpodStats(c, s)] : [];
    });
    return untypedJson(flavor, { Error: null, Stats: items });
  };
  const logs: Route = (m, q) => {
    const c = find(m[1] ?? "");
    if (!c) return noSuchContainer(flavor, decodeURIComponent(m[1] ?? ""));
    const stdout = truthy(q.get("stdout"));
    const stderr = truthy(q.get("stderr"));
    if (!stdout && !stderr) return badRequest(flavor, "Bad parameters: you must choose at least one stream");
    const tailRaw = q.get("tail");
    const tail = tailRaw && tailRaw !== "all" ? Number(tailRaw) : undefined;
    const lines = src.logs(c.id, { sinceMs: timeParamMs(q.get("since")), untilMs: timeParamMs(q.get("until")), tail });
    const body = multiplexLogs(flavor, lines, { stdout, stderr, timestamps: truthy(q.get("timestamps")) });
    return stream(flavor, body, flavor === "podman" ? "application/octet-stream" : "application/vnd.docker.raw-stream");
  };
  const events: Route = (_m, q) => {
    const filters = parseFilters(q.get("filters"));
    if (!filters) return badRequest(flavor, "failed to parse filters");
    return eventsResponse(flavor, src, {
      sinceMs: timeParamMs(q.get("since")),
      untilMs: timeParamMs(q.get("until")),
      filters,
    });
  };
  // HEAD /_ping: headers only, no Content-Type (fixtures/podman-4.3/ping_head.meta.json).
  const ping: Route = (_m, _q, method) =>
    method === "HEAD"
      ? new Response(null, { headers: pingHeaders(flavor) })
      : text(flavor, "OK", 200, pingHeaders(flavor));

  const routes: [RegExp, Route, boolean][] = [
    [new RegExp(`^${V}(?:/libpod)?/_ping$`), ping, true],
    [new RegExp(`^${V}(?:/libpod)?/version$`), () => json(flavor, versionBody(flavor, src)), true],
    [new RegExp(`^${V}/libpod/containers/json$`), listLibpod, flavor === "podman"],
    [new RegExp(`^${V}/libpod/containers/stats$`), libpodStatsRoute, flavor === "podman"],
    [
      new RegExp(`^${V}/libpod/generate/kube$`),
      (_m, q) => generateKubeResponse(flavor, src, q.get("names")),
      flavor === "podman",
    ],
    [new RegExp(`^${V}/containers/json$`), listCompat, true],
    [new RegExp(`^${V}/containers/([^/]+)/json$`), inspect, true],
    [new RegExp(`^${V}/containers/([^/]+)/stats$`), stats, true],
    [new RegExp(`^${V}/containers/([^/]+)/logs$`), logs, true],
    [new RegExp(`^${V}/events$`), events, true],
  ];

  return [
    http.all(`${base.origin}${basePath}/*`, ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(basePath.length);
      if (request.method !== "GET" && request.method !== "HEAD") return pageNotFound(flavor);
      for (const [re, route, enabled] of routes) {
        const m = re.exec(path);
        if (m && enabled) return route(m, url.searchParams, request.method);
      }
      return pageNotFound(flavor);
    }),
  ];
}

export { API_VERSION, DOCKER_VERSION, PODMAN_VERSION };
