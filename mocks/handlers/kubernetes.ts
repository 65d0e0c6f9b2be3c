// MSW handlers imitating the Kubernetes API server (v1.30-era) for the objects Sightline reads:
// pods, ReplicaSets and Jobs with limit/continue paging, 410 Gone for expired continue tokens
// and compacted watch versions, newline-delimited JSON watch streams with bookmarks, and the
// Status bodies the server writes for 401, 403 and 404.
import { http, type HttpHandler } from "msw";
import { STREAM_HEADER } from "./engine-http";
import { filterEvents } from "./kubernetes-events";
import type { KubeApiState, KubeChange, KubeObject, KubeResource } from "./kubernetes-state";

const GROUPS: Record<KubeResource, { prefix: string; apiVersion: string; kind: string }> = {
  pods: { prefix: "/api/v1", apiVersion: "v1", kind: "Pod" },
  replicasets: { prefix: "/apis/apps/v1", apiVersion: "apps/v1", kind: "ReplicaSet" },
  jobs: { prefix: "/apis/batch/v1", apiVersion: "batch/v1", kind: "Job" },
  events: { prefix: "/api/v1", apiVersion: "v1", kind: "Event" },
};
const GROUP_NAME: Record<KubeResource, string> = { pods: "", replicasets: "apps", jobs: "batch", events: "" };

export const KUBE_VERSION = {
  major: "1",
  minor: "30",
  gitVersion: "v1.30.4",
  gitCommit: "a51b3b711150f57ffc1f526a640ec058514ed596",
  gitTreeState: "clean",
  buildDate: "2024-08-14T19:02:46Z",
  goVersion: "go1.22.5",
  compiler: "gc",
  platform: "linux/amd64",
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Audit-Id": "5a1b6c1e-0d39-4ad1-9b1e-4d7f0c8f1a2b" },
  });
}

export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) =>
  json(statusBody(code, reason, message, details), code);

interface ContinueToken {
  rv: number;
  offset: number;
}
const encodeContinue = (t: ContinueToken) =>
  Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", ...t })).toString("base64");
function decodeContinue(s: string): ContinueToken | undefined {
  try {
    const o = JSON.parse(Buffer.from(s, "base64").toString("utf8")) as Partial<ContinueToken>;
    return typeof o.rv === "number" && typeof o.offset === "number" ? { rv: o.rv, offset: o.offset } : undefined;
  } catch {
    return undefined;
  }
}

export interface KubeHandlerOptions {
  /** Longest a watch stays open (the server's --min-request-timeout analogue), seconds. */
  maxWatchSeconds?: number;
}

export function kubernetesHandlers(baseUrl: string, state: KubeApiState, opts: KubeHandlerOptions = {}): HttpHandler[] {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const maxWatch = opts.maxWatchSeconds ?? 1800;

  const authFail = (req: Request): Response | undefined => {
    if (state.tokens.size === 0) return undefined;
    const h = req.headers.get("authorization") ?? "";
    const tok = h.startsWith("Bearer ") ? h.slice(7) : "";
    if (!state.tokens.has(tok)) return status(401, "Unauthorized", "Unauthorized");
    return undefined;
  };
  const forbid = (verb: string, resource: KubeResource, ns?: string, name?: string): Response | undefined => {
    if (!state.forbidden.has(`${verb} ${resource}`)) return undefined;
    const g = GROUP_NAME[resource];
    const scope = ns ? `in the namespace "${ns}"` : "at the cluster scope";
    const what = name ? `${resource} "${name}"` : resource;
    return status(
      403,
      "Forbidden",
      `${what}${g ? `.${g}` : ""} is forbidden: User "${state.user}" cannot ${verb} resource "${resource}" in API group "${g}" ${scope}`,
      { ...(name ? { name } : {}), ...(g ? { group: g } : {}), kind: resource },
    );
  };

  const listOf = (resource: KubeResource, ns: string | undefined, q: URLSearchParams): Response => {
    const g = GROUPS[resource];
    const limit = Number(q.get("limit") ?? "0");
    const cont = q.get("continue");
    let offset = 0;
    let rv = state.resourceVersion;
    if (cont) {
      const t = decodeContinue(cont);
      if (!t) return status(400, "BadRequest", "continue key is not valid: illegal base64 data at input byte 0");
      if (t.rv < state.compactedRv) {
        return json(
          {
            ...statusBody(
              410,
              "Expired",
              "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
            ),
            metadata: { continue: encodeContinue({ rv: Number(state.resourceVersion), offset: t.offset }) },
          },
          410,
        );
      }
      offset = t.offset;
      rv = String(t.rv);
    }
    let all = state.list(resource, ns);
    if (resource === "events") {
      const f = filterEvents(all, q.get("fieldSelector"));
      if (typeof f === "string") return status(400, "BadRequest", f);
      all = f;
    }
    const page = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
    const next = limit > 0 && offset + limit < all.length ? offset + limit : undefined;
    const metadata: Record<string, unknown> = { resourceVersion: rv };
    if (next !== undefined) {
      metadata.continue = encodeContinue({ rv: Number(rv), offset: next });
      metadata.remainingItemCount = all.length - next;
    }
    return json({
      kind: `${g.kind}List`,
      apiVersion: g.apiVersion,
      metadata,
      items: page.map((o) => ({ ...o, apiVersion: undefined, kind: undefined })),
    });
  };

  const watchOf = (
    resource: KubeResource,
    ns: string | undefined,
    q: URLSearchParams,
    signal: AbortSignal,
  ): Response => {
    const g = GROUPS[resource];
    const enc = new TextEncoder();
    const line = (type: string, object: unknown) => enc.encode(`${JSON.stringify({ type, object })}\n`);
    const wrap = (o: KubeObject) => ({ kind: g.kind, apiVersion: g.apiVersion, ...o });
    const rvParam = q.get("resourceVersion");
    const timeout = Math.min(Number(q.get("timeoutSeconds") ?? maxWatch) || maxWatch, maxWatch);
    const bookmarks = q.get("allowWatchBookmarks") === "true";
    const mine = (c: KubeChange) => c.resource === resource && (!ns || c.object.metadata.namespace === ns);
    let cleanup: () => void = () => undefined;
    const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
      start(ctrl) {
        const close = () => {
          cleanup();
          try {
            ctrl.close();
          } catch {
            // already closed
          }
        };
        if (!rvParam || rvParam === "0") {
          for (const o of state.list(resource, ns)) ctrl.enqueue(line("ADDED", wrap(o)));
        } else {
          const past = state.since(Number(rvParam));
          if (!past) {
            ctrl.enqueue(
              line("ERROR", statusBody(410, "Expired", `too old resource version: ${rvParam} (${state.compactedRv})`)),
            );
            close();
            return;
          }
          for (const c of past.filter(mine)) ctrl.enqueue(line(c.type, wrap(c.object)));
        }
        const unsub = state.subscribe((c) => {
          if (!mine(c)) return;
          try {
            ctrl.enqueue(line(c.type, wrap(c.object)));
          } catch {
            cleanup();
          }
        });
        const bm = bookmarks
          ? setInterval(() => {
              try {
                ctrl.enqueue(
                  line("BOOKMARK", {
                    kind: g.kind,
                    apiVersion: g.apiVersion,
                    metadata: { resourceVersion: state.resourceVersion },
                  }),
                );
              } catch {
                cleanup();
              }
            }, 60_000)
          : undefined;
        const timer = setTimeout(close, timeout * 1000);
        const unclose = state.onWatchClose(close);
        cleanup = () => {
          unclose();
          unsub();
          clearTimeout(timer);
          if (bm) clearInterval(bm);
        };
        signal.addEventListener("abort", close);
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(body, {
      status: 200,
      headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked", [STREAM_HEADER]: "1" },
    });
  };

  const collection =
    (resource: KubeResource) =>
    ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const bad = authFail(request);
      if (bad) return bad;
      const ns = typeof params.ns === "string" ? params.ns : undefined;
      const q = new URL(request.url).searchParams;
      const watch = q.get("watch") === "1" || q.get("watch") === "true";
      const verb = watch ? "watch" : "list";
      state.record(`${verb} ${resource}`);
      const no = forbid(verb, resource, ns);
      if (no) return no;
      if (state.unavailable.has(resource))
        return status(503, "ServiceUnavailable", "the server is currently unable to handle the request");
      if (watch && state.refuseWatches)
        return status(500, "InternalError", "Internal error occurred: etcdserver: leader changed");
      return watch ? watchOf(resource, ns, q, request.signal) : listOf(resource, ns, q);
    };
  const single =
    (resource: KubeResource) =>
    ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const bad = authFail(request);
      if (bad) return bad;
      const ns = String(params.ns ?? "");
      const name = String(params.name ?? "");
      state.record(`get ${resource}`);
      const no = forbid("get", resource, ns, name);
      if (no) return no;
      const o = state.get(resource, ns, name);
      const g = GROUPS[resource];
      if (!o)
        return status(
          404,
          "NotFound",
          `${resource}${GROUP_NAME[resource] ? `.${GROUP_NAME[resource]}` : ""} "${name}" not found`,
          {
            name,
            kind: resource,
          },
        );
      return json({ kind: g.kind, apiVersion: g.apiVersion, ...o });
    };

  const handlers: HttpHandler[] = [
    http.get(`${baseUrl}/version`, ({ request }) => authFail(request) ?? json(KUBE_VERSION)),
  ];
  for (const r of Object.keys(GROUPS) as KubeResource[]) {
    const p = `${baseUrl}${GROUPS[r].prefix}`;
    handlers.push(
      http.get(`${p}/${r}`, collection(r)),
      http.get(`${p}/namespaces/:ns/${r}`, collection(r)),
      http.get(`${p}/namespaces/:ns/${r}/:name`, single(r)),
    );
  }
  handlers.push(
    http.get(`${baseUrl}/*`, ({ request }) => {
      const path = new URL(request.url).pathname.slice(base.length);
      return (
        authFail(request) ?? status(404, "NotFound", `the server could not find the requested resource (get ${path})`)
      );
    }),
  );
  return handlers;
}
