// The Kubernetes API stand-in's memory: objects by resource, a resourceVersion counter, the
// change history a watch replays, compaction (watches and continue tokens older than it get
// 410 like etcd's), bearer tokens it accepts and permissions it refuses (403 as RBAC writes it).
export type KubeResource = "pods" | "replicasets" | "jobs" | "events";
export type KubeObject = {
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string } & Record<string, unknown>;
} & Record<string, unknown>;
export type WatchType = "ADDED" | "MODIFIED" | "DELETED";
export interface KubeChange {
  rv: number;
  resource: KubeResource;
  type: WatchType;
  object: KubeObject;
}

export interface KubeSource {
  /** The objects the cluster starts with. */
  objects(): { resource: KubeResource; object: KubeObject }[];
}

const key = (o: KubeObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const clone = <T>(o: T): T => structuredClone(o);

export class KubeApiState {
  private rv = 1000;
  private readonly store: Record<KubeResource, Map<string, KubeObject>> = {
    pods: new Map(),
    replicasets: new Map(),
    jobs: new Map(),
    events: new Map(),
  };
  private readonly history: KubeChange[] = [];
  private readonly listeners = new Set<(c: KubeChange) => void>();
  /** Watches from a resourceVersion below this, and continue tokens issued before it, are 410. */
  compactedRv = 0;
  /** Accepted bearer tokens; empty = no authentication (like kubectl proxy). */
  readonly tokens = new Set<string>();
  /** `verb resource` pairs RBAC refuses, e.g. "list pods", "watch pods", "list replicasets", "list events". */
  readonly forbidden = new Set<string>();
  /** The user the 403 messages name. */
  user = "system:serviceaccount:monitoring:sightline";
  /** Requests seen, `verb resource` (tests count API calls per page view). */
  readonly requests: string[] = [];
  /** Called with each request's `verb resource` before it is answered (tests: compact mid-list). */
  onRequest?: (what: string, n: number) => void;

  record(what: string): void {
    this.requests.push(what);
    this.onRequest?.(what, this.requests.length);
  }

  constructor(src?: KubeSource) {
    for (const { resource, object } of src?.objects() ?? []) this.put(resource, object, false);
    this.history.length = 0;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  private put(resource: KubeResource, o: KubeObject, record = true): KubeObject {
    const exists = this.store[resource].has(key(o));
    this.rv++;
    const obj = clone(o);
    obj.metadata.resourceVersion = String(this.rv);
    obj.metadata.uid ??= `uid-${resource}-${this.rv}`;
    this.store[resource].set(key(obj), obj);
    if (record) this.emit({ rv: this.rv, resource, type: exists ? "MODIFIED" : "ADDED", object: obj });
    return obj;
  }

  apply(resource: KubeResource, o: KubeObject): KubeObject {
    return this.put(resource, o);
  }

  delete(resource: KubeResource, namespace: string, name: string): boolean {
    const k = `${namespace}/${name}`;
    const o = this.store[resource].get(k);
    if (!o) return false;
    this.store[resource].delete(k);
    this.rv++;
    const gone = clone(o);
    gone.metadata.resourceVersion = String(this.rv);
    this.emit({ rv: this.rv, resource, type: "DELETED", object: gone });
    return true;
  }

  /** Forget history up to now: older watches and continue tokens now get 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Paths answered 503 (an API server's aggregated layer or etcd failing for one resource), e.g. "events". */
  readonly unavailable = new Set<KubeResource>();

  /** While true, watch requests are answered 500 (an API server restarting). */
  refuseWatches = false;
  private readonly closers = new Set<() => void>();

  /** Ends every open watch stream, as an API server restart or a load balancer does. */
  closeWatches(): void {
    for (const c of [...this.closers]) c();
  }

  onWatchClose(fn: () => void): () => void {
    this.closers.add(fn);
    return () => this.closers.delete(fn);
  }

  private emit(c: KubeChange) {
    this.history.push(c);
    if (this.history.length > 10_000) this.history.splice(0, 1000);
    for (const l of this.listeners) l(c);
  }

  list(resource: KubeResource, namespace?: string): KubeObject[] {
    const out = [...this.store[resource].values()].filter((o) => !namespace || o.metadata.namespace === namespace);
    return out.sort((a, b) => key(a).localeCompare(key(b)));
  }

  get(resource: KubeResource, namespace: string, name: string): KubeObject | undefined {
    return this.store[resource].get(`${namespace}/${name}`);
  }

  /** Changes after `rv`, or undefined when that version is compacted away. */
  since(rv: number): KubeChange[] | undefined {
    if (rv < this.compactedRv) return undefined;
    return this.history.filter((c) => c.rv > rv);
  }

  subscribe(fn: (c: KubeChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
