// A Kubernetes cluster as an inventory source. The pod list is read once (paged with
// limit/continue, re-listed from scratch when a continue token expires) and then kept current
// by one watch per scope, so a page view reads memory and never costs API calls per pod.
// ReplicaSets and Jobs are listed alongside to resolve owners; a new one seen later (a rollout)
// is fetched once by name.
import type { KubernetesEndpoint } from "../../config";
import type { Container, ContainerEvent, ContainerStats } from "../../model/container";
import type { KubeEvent, KubeEventList } from "../../model/kube-event";
import { BackendError } from "../../model/errors";
import { parseKubeRef, sameKubeKey } from "../../model/kube-ref";
import type { Millis } from "../../model/time";
import { parseJsonText } from "../http";
import type { CallOpts, EngineBackend, EngineInfo } from "../types";
import { parseWith } from "../zod-error";
import { credentialsFor, type KubeCredentials } from "./credentials";
import { GoneError, parseStatus, statusError } from "./errors";
import { EventCache, eventSchema, nodeOomSelector, podEventsSelector, toKubeEvent } from "./events";
import { listSchema, ownedObjectSchema, podSchema, type WirePod, watchEventSchema } from "./schemas";
import { type OwnerRef, podToContainers } from "./to-model";
import { type KubeConnection, kubeGet, kubeWatch } from "./transport";

export interface KubernetesOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Items per list page. */
  pageSize?: number;
  /** Server-side watch timeout; the watch is re-opened after it. */
  watchTimeoutSeconds?: number;
  /** Tests: credentials instead of reading the endpoint's. */
  credentials?: KubeCredentials;
  /** Longest wait between reconnects. */
  maxBackoffMs?: number;
}

const DEFAULT_PAGE = 500;
/** One object's events: at most this many pages of EVENTS_PAGE per read. */
const EVENTS_PAGE = 250;
const EVENTS_MAX_PAGES = 4;
const EVENTS_TTL_MS = 10_000;
const MAX_RELISTS = 3;
const RETRY_FIRST_SYNC_MS = 5_000;

interface Scope {
  /** "" for all namespaces, else "/namespaces/<ns>". */
  prefix: string;
  rv?: string;
}

const podKey = (p: WirePod) => `${p.metadata.namespace ?? ""}/${p.metadata.name}`;
const ownerKey = (ns: string, kind: string, name: string) => `${ns}/${kind}/${name}`;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

export class KubernetesBackend implements EngineBackend {
  readonly endpoint: string;
  private readonly conn: KubeConnection | undefined;
  private readonly configError: BackendError | undefined;
  private readonly scopes: Scope[];
  private readonly pods = new Map<string, WirePod>();
  private readonly owners = new Map<string, OwnerRef | null>();
  private readonly pendingOwners = new Set<string>();
  private version = 0;
  /** Bumped when an owner is learnt: every pod's workload may change. */
  private ownerVersion = 0;
  /** Containers of each pod object, so a watch event rebuilds one pod, not all of them. */
  private readonly perPod = new WeakMap<WirePod, { ownerVersion: number; containers: Container[] }>();
  private memo: { version: number; containers: Container[] } | undefined;
  private firstSync: Promise<void> | undefined;
  private firstSyncFailedAt = 0;
  private synced = false;
  private readonly ac = new AbortController();
  private watching = false;
  /** Counts of API calls by kind, for tests and the bench (never per page view). */
  readonly calls = { list: 0, watch: 0, get: 0, events: 0 };
  private readonly eventCache = new EventCache(EVENTS_TTL_MS, 256);
  /** Why owners could not be resolved (e.g. no `list replicasets.apps`), if so. */
  ownerWarning: string | undefined;
  private readonly pageSize: number;
  private readonly watchTimeoutSeconds: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly ep: KubernetesEndpoint,
    opts: KubernetesOptions,
  ) {
    this.endpoint = ep.cluster;
    this.pageSize = opts.pageSize ?? DEFAULT_PAGE;
    this.watchTimeoutSeconds = opts.watchTimeoutSeconds ?? 300;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.scopes = ep.namespaces.length
      ? ep.namespaces.map((ns) => ({ prefix: `/namespaces/${encodeURIComponent(ns)}` }))
      : [{ prefix: "" }];
    try {
      const creds = opts.credentials ?? credentialsFor(ep);
      this.conn = { creds, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes };
    } catch (err) {
      this.configError =
        err instanceof BackendError ? err : new BackendError("kubernetes", "config", (err as Error).message);
    }
  }

  private get c(): KubeConnection {
    if (!this.conn) throw this.configError ?? new BackendError("kubernetes", "config", "no connection");
    return this.conn;
  }

  /** GET one JSON document; retries once after a 401 with a freshly read token. */
  private async getJson(
    path: string,
    query: Record<string, string | number | undefined>,
    what: { verb: string; resource: string },
    signal?: AbortSignal,
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      if (what.verb === "list") this.calls.list++;
      else this.calls.get++;
      const res = await kubeGet(this.c, path, query, signal);
      if (res.status === 200) return parseJsonText("kubernetes", res.text, `${what.verb} ${what.resource}`);
      if (res.status === 401 && attempt === 0) {
        this.c.creds.invalidate();
        continue;
      }
      throw statusError(res.status, res.text, { ...what, describe: this.c.creds.describe });
    }
  }

  /** Every page of a list; GoneError when a continue token expired mid-way. */
  private async listAll<T>(
    path: string,
    item: import("zod").ZodType<T>,
    resource: string,
    signal?: AbortSignal,
  ): Promise<{ items: T[]; rv?: string }> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    const schema = listSchema(item);
    do {
      const body = await this.getJson(
        path,
        { limit: this.pageSize, continue: cont },
        { verb: "list", resource },
        signal,
      );
      const page = parseWith("kubernetes", `list ${resource}`, schema, body);
      for (const it of page.items ?? []) items.push(it as T);
      rv = page.metadata.resourceVersion ?? rv;
      cont = page.metadata.continue || undefined;
    } while (cont);
    return { items, rv };
  }

  private async listWithRetry<T>(path: string, item: import("zod").ZodType<T>, resource: string) {
    for (let i = 0; ; i++) {
      try {
        return await this.listAll(path, item, resource, this.ac.signal);
      } catch (err) {
        // The continue token expired (410): the snapshot is gone, so start the list again.
        if (err instanceof GoneError && i < MAX_RELISTS) continue;
        throw err;
      }
    }
  }

  private async listOwners(): Promise<void> {
    const sources: { kind: string; group: string; resource: string }[] = [
      { kind: "ReplicaSet", group: "/apis/apps/v1", resource: "replicasets" },
      { kind: "Job", group: "/apis/batch/v1", resource: "jobs" },
    ];
    const warnings: string[] = [];
    for (const src of sources) {
      for (const scope of this.scopes) {
        try {
          const { items } = await this.listWithRetry(
            `${src.group}${scope.prefix}/${src.resource}`,
            ownedObjectSchema,
            src.resource,
          );
          for (const o of items) this.recordOwner(src.kind, o.metadata);
        } catch (err) {
          // Without owners the pods are still listed, under their ReplicaSet or Job.
          warnings.push(err instanceof Error ? err.message : String(err));
        }
      }
    }
    this.ownerWarning = warnings.length ? warnings.join("; ") : undefined;
    this.ownerVersion++;
  }

  private recordOwner(
    kind: string,
    meta: {
      name: string;
      namespace?: string;
      ownerReferences?: { kind: string; name: string; controller?: boolean }[] | null;
    },
  ) {
    const refs = meta.ownerReferences ?? [];
    const ctrl = refs.find((r) => r.controller) ?? refs[0];
    this.owners.set(
      ownerKey(meta.namespace ?? "", kind, meta.name),
      ctrl ? { kind: ctrl.kind, name: ctrl.name } : null,
    );
  }

  /** A ReplicaSet or Job not seen in the lists (created after them): fetched once, in the background. */
  private fetchOwner(ns: string, kind: string, name: string): void {
    const key = ownerKey(ns, kind, name);
    if (this.pendingOwners.has(key) || this.ownerWarning) return;
    this.pendingOwners.add(key);
    const path =
      kind === "ReplicaSet"
        ? `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets/${encodeURIComponent(name)}`
        : `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs/${encodeURIComponent(name)}`;
    this.getJson(path, {}, { verb: "get", resource: kind === "ReplicaSet" ? "replicasets" : "jobs" }, this.ac.signal)
      .then((body) => {
        const o = parseWith("kubernetes", `get ${kind}`, ownedObjectSchema, body);
        this.recordOwner(kind, o.metadata);
        this.ownerVersion++;
        this.version++;
      })
      .catch(() => this.owners.set(key, null))
      .finally(() => this.pendingOwners.delete(key));
  }

  private async relist(scope: Scope): Promise<void> {
    const { items, rv } = await this.listWithRetry(`/api/v1${scope.prefix}/pods`, podSchema, "pods");
    for (const [k, p] of this.pods) if (this.inScope(scope, p)) this.pods.delete(k);
    for (const p of items) this.pods.set(podKey(p), p);
    scope.rv = rv;
    this.version++;
  }

  private inScope(scope: Scope, p: WirePod): boolean {
    return scope.prefix === "" || scope.prefix === `/namespaces/${encodeURIComponent(p.metadata.namespace ?? "")}`;
  }

  private async syncAll(): Promise<void> {
    await this.listOwners();
    for (const s of this.scopes) await this.relist(s);
    this.synced = true;
    if (!this.watching) {
      this.watching = true;
      for (const s of this.scopes) void this.watchLoop(s);
    }
  }

  /** One watch per scope, forever: re-opened when the server ends it, re-listed after a 410. */
  private async watchLoop(scope: Scope): Promise<void> {
    let backoff = 500;
    const signal = this.ac.signal;
    while (!signal.aborted) {
      try {
        if (!scope.rv) await this.relist(scope);
        const res = await this.watchOnce(scope);
        if (res === "gone") {
          scope.rv = undefined; // too old: list afresh, then watch from the new list
          continue;
        }
        backoff = 500;
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof GoneError) {
          scope.rv = undefined;
          continue;
        }
        await sleep(backoff, signal);
        backoff = Math.min(this.maxBackoffMs, backoff * 2);
      }
    }
  }

  private async watchOnce(scope: Scope): Promise<"gone" | "ended"> {
    this.calls.watch++;
    let gone = false;
    const res = await kubeWatch(
      this.c,
      `/api/v1${scope.prefix}/pods`,
      {
        watch: 1,
        resourceVersion: scope.rv,
        allowWatchBookmarks: "true",
        timeoutSeconds: this.watchTimeoutSeconds,
      },
      (line) => {
        if (gone) return;
        let ev: ReturnType<typeof watchEventSchema.parse>;
        try {
          ev = watchEventSchema.parse(JSON.parse(line));
        } catch {
          return; // one unreadable line is skipped; the next list repairs any gap
        }
        if (ev.type === "ERROR") {
          const st = parseStatus(JSON.stringify(ev.object));
          if (st?.code === 410) gone = true;
          return;
        }
        const rv = (ev.object as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
        if (ev.type === "BOOKMARK") {
          if (rv) scope.rv = rv;
          return;
        }
        const p = podSchema.safeParse(ev.object);
        if (!p.success) return;
        if (ev.type === "DELETED") this.pods.delete(podKey(p.data));
        else this.pods.set(podKey(p.data), p.data);
        if (rv) scope.rv = rv;
        this.version++;
      },
      { signal: this.ac.signal, idleMs: (this.watchTimeoutSeconds + 60) * 1000 },
    );
    if (res) {
      if (res.status === 410) return "gone";
      if (res.status === 401) this.c.creds.invalidate();
      throw statusError(res.status, res.text, { verb: "watch", resource: "pods", describe: this.c.creds.describe });
    }
    return gone ? "gone" : "ended";
  }

  /** Resolves when the first full list is in memory; a failed attempt is retried after a pause. */
  private ready(): Promise<void> {
    if (this.configError) return Promise.reject(this.configError);
    if (this.synced) return Promise.resolve();
    const failedLongAgo = this.firstSyncFailedAt > 0 && Date.now() - this.firstSyncFailedAt >= RETRY_FIRST_SYNC_MS;
    if (!this.firstSync || failedLongAgo) {
      this.firstSyncFailedAt = 0;
      this.firstSync = this.syncAll().catch((err: unknown) => {
        this.firstSyncFailedAt = Date.now();
        throw err;
      });
    }
    return this.firstSync;
  }

  private ownerOf = (ns: string, kind: string, name: string): OwnerRef | undefined => {
    const key = ownerKey(ns, kind, name);
    const o = this.owners.get(key);
    if (o === undefined) this.fetchOwner(ns, kind, name);
    return o ?? undefined;
  };

  async list(_opts?: CallOpts & { all?: boolean }): Promise<Container[]> {
    await this.ready();
    if (this.memo?.version === this.version) return this.memo.containers;
    const version = this.version;
    const out: Container[] = [];
    for (const p of this.pods.values()) {
      let hit = this.perPod.get(p);
      if (!hit || hit.ownerVersion !== this.ownerVersion) {
        hit = {
          ownerVersion: this.ownerVersion,
          containers: podToContainers(p, { cluster: this.ep.cluster, ownerOf: this.ownerOf }),
        };
        this.perPod.set(p, hit);
      }
      for (const c of hit.containers) out.push(c);
    }
    this.memo = { version, containers: out };
    return out;
  }

  async inspect(ref: string, opts?: CallOpts): Promise<Container | undefined> {
    const all = await this.list(opts);
    const key = parseKubeRef(ref);
    return all.find((c) => c.name === ref || c.id === ref || (key && c.kube && sameKubeKey(key, kubeKeyOf(c))));
  }

  async info(opts?: CallOpts): Promise<EngineInfo> {
    const body = (await this.getJson("/version", {}, { verb: "get", resource: "/version" }, opts?.signal)) as {
      gitVersion?: unknown;
    };
    const version = typeof body?.gitVersion === "string" ? body.gitVersion : "unknown";
    return { kind: "kubernetes", version, apiVersion: "v1", endpoint: this.endpoint };
  }

  async stats(_ref: string): Promise<ContainerStats> {
    throw new BackendError("kubernetes", "not-found", "the Kubernetes API has no per-container stats; see the metrics");
  }

  async events(_since: Millis, _until: Millis): Promise<ContainerEvent[]> {
    return [];
  }

  /**
   * Events a field selector picks in one namespace: bounded pages, kept briefly. The read is not
   * tied to the asking request (others share it); the connection timeout bounds it.
   */
  private readEvents(namespace: string, fieldSelector: string): Promise<KubeEventList> {
    return this.eventCache.get(`${namespace}\n${fieldSelector}`, async () => {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
      const schema = listSchema(eventSchema);
      const events: KubeEvent[] = [];
      let cont: string | undefined;
      let pages = 0;
      do {
        this.calls.events++;
        const body = await this.getJson(
          path,
          { fieldSelector, limit: EVENTS_PAGE, continue: cont },
          { verb: "list", resource: "events" },
          this.ac.signal,
        );
        const page = parseWith("kubernetes", "list events", schema, body);
        for (const it of page.items ?? []) {
          const e = toKubeEvent(it);
          if (e) events.push(e);
        }
        cont = page.metadata.continue || undefined;
        pages++;
      } while (cont && pages < EVENTS_MAX_PAGES);
      return { events, truncated: Boolean(cont) };
    });
  }

  /** The events of one pod (by name: a pod that reused the name shows up with another uid). */
  podEvents(namespace: string, pod: string): Promise<KubeEventList> {
    if (this.configError) return Promise.reject(this.configError);
    return this.readEvents(namespace, podEventsSelector(pod));
  }

  /** OOMKilling events of a node (node-problem-detector records them on the Node, in `default`). */
  nodeOomEvents(node: string): Promise<KubeEventList> {
    if (this.configError) return Promise.reject(this.configError);
    return this.readEvents("default", nodeOomSelector(node));
  }

  /** Stops every watch (tests, shutdown). */
  close(): void {
    this.ac.abort();
  }
}

export function kubeKeyOf(c: Container) {
  return {
    cluster: c.cluster,
    namespace: c.namespace ?? c.pod?.namespace ?? "",
    pod: c.pod?.name ?? "",
    container: c.kube?.container ?? "",
  };
}

export function createKubernetesBackend(ep: KubernetesEndpoint, opts: KubernetesOptions): KubernetesBackend {
  return new KubernetesBackend(ep, opts);
}
