// A bounded LRU whose entries each have a lifetime: what the logs API keeps of its serialised
// answers (logs-cache.ts, bounded by bytes too) and the traces panel of its searches
// (traces.ts, by count). An expired entry is dropped when it is next asked for.

interface Entry<V> {
  value: V;
  expires: number;
  size: number;
}

export class ExpiringLru<V> {
  private entries = new Map<string, Entry<V>>();
  private bytes = 0;
  constructor(
    readonly maxEntries: number,
    /** The size an entry counts for against the byte bounds (0: only the count bounds it). */
    private readonly sizeOf: (v: V) => number = () => 0,
    readonly maxTotalBytes = Number.POSITIVE_INFINITY,
    readonly maxEntryBytes = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expires <= now) {
      this.bytes -= e.size;
      return undefined;
    }
    this.entries.set(key, e); // most recently used last
    return e.value;
  }

  /** Keeps `value` for `ttlMs` (not at all when ≤ 0 or larger than maxEntryBytes). */
  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    const size = this.sizeOf(value);
    if (ttlMs <= 0 || size > this.maxEntryBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.size;
    }
    this.entries.set(key, { value, expires: now + ttlMs, size });
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxTotalBytes && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
      this.bytes -= e.size;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
