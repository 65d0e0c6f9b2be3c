// Docker Engine API / Podman client over a unix socket or TCP. Podman is detected from the
// Libpod-Api-Version header of /_ping and then listed through libpod (pod fields, StartedAt).
import type { EngineEndpoint } from "../../config";
import type { Container, ContainerEvent, ContainerStats } from "../../model/container";
import { BackendError } from "../../model/errors";
import { type Millis, millis, millisToSeconds, secondsToMillis } from "../../model/time";
import { type HttpRequest, type HttpResponse, parseJsonText, request, type Transport, bodyExcerpt } from "../http";
import type { CallOpts, EngineBackend, EngineInfo, EventQuery } from "../types";
import { parseWith } from "../zod-error";
import { errorBodySchema, inspectSchema, libpodListSchema, listSchema, statsSchema, versionSchema } from "./schemas";
import { parseEvents } from "./events";
import { fromInspect, fromLibpodItem, fromListItem, type MapContext, toStats } from "./to-model";

/** Speaks on Debian's Docker 20.10, current Moby (min 1.40) and Podman 4.3–5.x. */
const API = "/v1.41";
const LIBPOD = "/v4.0.0/libpod";
/** Podman 4.3 returns an empty events body when `until` is not in the future (fixtures README). */
const PODMAN_EVENTS_GRACE_MS = 2000;

export interface EngineOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Clock for the events window; tests pin it. */
  now?: () => number;
}

/** Socket path, or host:port of the URL: never credentials. */
export function endpointDisplayName(ep: EngineEndpoint): string {
  if (ep.socketPath) return ep.socketPath;
  try {
    return ep.baseUrl ? new URL(ep.baseUrl).host : ep.raw;
  } catch {
    return ep.raw;
  }
}

/** fetch rejects URLs with user:pass@, so credentials move into basic auth. */
export function engineTransport(ep: EngineEndpoint, opts: EngineOptions): Transport {
  const common = { backend: "engine" as const, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes };
  if (ep.socketPath) return { ...common, baseUrl: "http://d", socketPath: ep.socketPath };
  if (!ep.baseUrl) throw new BackendError("engine", "config", `endpoint ${ep.raw} has neither a socket path nor a URL`);
  const u = new URL(ep.baseUrl);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  const baseUrl = u.toString().replace(/\/+$/, "");
  return user ? { ...common, baseUrl, auth: { basicAuth: { user, password }, headers: {} } } : { ...common, baseUrl };
}

const ok = (res: HttpResponse) => res.status >= 200 && res.status < 300;

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function httpError(what: string, res: HttpResponse): BackendError {
  const body = errorBodySchema.safeParse(tryJson(res.text));
  const detail = body.success ? body.data.message : bodyExcerpt(res.text);
  return new BackendError(
    "engine",
    res.status === 404 ? "not-found" : "http",
    `${what}: HTTP ${res.status}${detail ? `: ${detail}` : ""}`,
    {
      status: res.status,
    },
  );
}

/** The engine accepts a full id, a short id or a name; names may be given with Docker's "/". */
const refPath = (ref: string) => encodeURIComponent(ref.trim().replace(/^\//, ""));

export function createEngineBackend(endpoint: EngineEndpoint, opts: EngineOptions): EngineBackend {
  const t = engineTransport(endpoint, opts);
  const display = endpointDisplayName(endpoint);
  const now = opts.now ?? Date.now;
  let cachedInfo: Promise<EngineInfo> | undefined;

  async function getJson(what: string, req: HttpRequest): Promise<unknown> {
    const res = await request(t, req);
    if (!ok(res)) throw httpError(what, res);
    return parseJsonText("engine", res.text, what);
  }

  async function detect(signal: AbortSignal | undefined): Promise<EngineInfo> {
    const ping = await request(t, { path: "/_ping", signal, headers: { Accept: "*/*" }, priority: true });
    if (!ok(ping)) throw httpError("GET /_ping", ping);
    const what = `GET ${API}/version`;
    const v = parseWith(
      "engine",
      what,
      versionSchema,
      await getJson(what, { path: `${API}/version`, signal, priority: true }),
    );
    const podman =
      Boolean(ping.headers["libpod-api-version"]) || (v.Components ?? []).some((c) => /podman/i.test(c.Name));
    return {
      kind: podman ? "podman" : "docker",
      version: v.Version,
      apiVersion: v.ApiVersion ?? ping.headers["api-version"] ?? API.slice(2),
      endpoint: display,
    };
  }

  function info(o?: CallOpts): Promise<EngineInfo> {
    cachedInfo ??= detect(o?.signal).catch((err: unknown) => {
      cachedInfo = undefined; // an engine that was down may come back
      throw err;
    });
    return cachedInfo;
  }

  const ctxOf = async (o?: CallOpts): Promise<MapContext> => ({ engine: (await info(o)).kind, host: display });

  async function list(o?: CallOpts & { all?: boolean }): Promise<Container[]> {
    const ctx = await ctxOf(o);
    const all = o?.all ?? true;
    if (ctx.engine === "podman") {
      const what = `GET ${LIBPOD}/containers/json`;
      const res = await request(t, { path: `${LIBPOD}/containers/json`, query: { all }, signal: o?.signal });
      // A Docker-compatible server that only claims to be Podman: use the compat list.
      if (res.status !== 404) {
        if (!ok(res)) throw httpError(what, res);
        const items = parseWith("engine", what, libpodListSchema, parseJsonText("engine", res.text, what));
        // A pod's infra (pause) container is plumbing: its pod's containers stand for it.
        return items.filter((c) => !c.IsInfra).map((c) => fromLibpodItem(c, ctx));
      }
    }
    const what = `GET ${API}/containers/json`;
    const data = await getJson(what, { path: `${API}/containers/json`, query: { all }, signal: o?.signal });
    return parseWith("engine", what, listSchema, data).map((c) => fromListItem(c, ctx));
  }

  async function inspect(ref: string, o?: CallOpts): Promise<Container | undefined> {
    if (!refPath(ref)) return undefined;
    const ctx = await ctxOf(o);
    const what = `GET ${API}/containers/{ref}/json`;
    const res = await request(t, { path: `${API}/containers/${refPath(ref)}/json`, signal: o?.signal });
    if (res.status === 404) return undefined;
    if (!ok(res)) throw httpError(what, res);
    return fromInspect(parseWith("engine", what, inspectSchema, parseJsonText("engine", res.text, what)), ctx);
  }

  async function stats(ref: string, o?: CallOpts): Promise<ContainerStats> {
    // Podman sends no Content-Type here: parse the text regardless.
    const what = `GET ${API}/containers/{ref}/stats`;
    const data = await getJson(what, {
      path: `${API}/containers/${refPath(ref)}/stats`,
      query: { stream: false, "one-shot": true },
      signal: o?.signal,
    });
    return toStats(parseWith("engine", what, statsSchema, data), millis(now()));
  }

  async function events(since: Millis, until: Millis, o?: CallOpts & EventQuery): Promise<ContainerEvent[]> {
    const { kind } = await info(o);
    const start = now();
    // Ask Podman for slightly more than the window and trim it here (see PODMAN_EVENTS_GRACE_MS).
    const askUntil = kind === "podman" && until <= start ? start + PODMAN_EVENTS_GRACE_MS : until;
    const untilS = Math.ceil(millisToSeconds(millis(askUntil)));
    // The engine holds the stream open until `until`: wait that long plus the usual timeout.
    const holdMs = Math.max(0, secondsToMillis(untilS) - start);
    const what = `GET ${API}/events`;
    const res = await request(t, {
      path: `${API}/events`,
      query: {
        since: Math.floor(millisToSeconds(since)),
        until: untilS,
        filters: JSON.stringify(
          o?.pod
            ? { type: ["pod"], pod: [o.pod] }
            : o?.container
              ? { type: ["container"], container: [o.container.replace(/^\//, "")] }
              : { type: ["container"] },
        ),
      },
      timeoutMs: holdMs + opts.timeoutMs,
      signal: o?.signal,
    });
    if (!ok(res)) throw httpError(what, res);
    const inWindow = parseEvents(res.text, what, o?.pod ? "pod" : "container")
      .filter((e) => e.at >= since && e.at <= until)
      .sort((a, b) => a.at - b.at);
    // The body is already capped by maxBytes; the newest events matter most on a timeline.
    const max = o?.maxEvents ?? Number.POSITIVE_INFINITY;
    return inWindow.length > max ? inWindow.slice(inWindow.length - max) : inWindow;
  }

  /** `podman generate kube` for a container or pod (Podman only); YAML text, bounded like every body. */
  async function generateKube(ref: string, o?: CallOpts): Promise<string | undefined> {
    if ((await info(o)).kind !== "podman") return undefined;
    const what = `GET ${LIBPOD}/generate/kube`;
    const res = await request(t, {
      path: `${LIBPOD}/generate/kube`,
      query: { names: ref.trim().replace(/^\//, "") },
      // Podman 4.3 labels the YAML application/x-tar (__fixtures__/README.md).
      headers: { Accept: "*/*" },
      signal: o?.signal,
    });
    // An unknown name is a 500 "not found" here, not a 404.
    if (res.status === 404 || (res.status === 500 && /not found/i.test(res.text))) return undefined;
    if (!ok(res)) throw httpError(what, res);
    return res.text;
  }

  return { endpoint: display, info, list, inspect, stats, events, generateKube };
}
