// The real containers' log lines, followed through the Podman logs API and kept in memory as
// Loki streams labelled the way Grafana Alloy's docker discovery labels them (like the
// fixture shipper: container, compose_service, compose_project, job="podman").
import type { Labels, LokiEntry, LokiSource, LokiStreamSource } from "../../../mocks/sources";
import { type LogCursor, logsPath, newCursor, unseenLines } from "../log-cursor.mjs";
import { containerHostname, type EngineContainer, engineGet, listContainers } from "./engine";

/** What the trace index learns about the container that wrote a line. */
export interface LineOrigin {
  id: string;
  name: string;
  service: string;
  hostname?: string;
}

export type LineListener = (origin: LineOrigin, ns: bigint, line: string) => void;

/** Keeps memory bounded on a long run; far more than a test run writes. */
const MAX_ENTRIES_PER_STREAM = 200_000;

class MemoryStream implements LokiStreamSource {
  private readonly ns: bigint[] = [];
  private readonly entries: LokiEntry[] = [];

  constructor(readonly labels: Labels) {}

  /**
   * Podman's timestamps are whole seconds; like the fixture shipper, every further line of a
   * second gets 1 ns more, so order survives and no two entries share a timestamp.
   */
  append(ns: bigint, line: string): bigint {
    const last = this.ns[this.ns.length - 1];
    const at = last !== undefined && ns <= last ? last + 1n : ns;
    this.ns.push(at);
    this.entries.push({ ns: at.toString(), line });
    if (this.ns.length > MAX_ENTRIES_PER_STREAM) {
      this.ns.splice(0, this.ns.length - MAX_ENTRIES_PER_STREAM);
      this.entries.splice(0, this.entries.length - MAX_ENTRIES_PER_STREAM);
    }
    return at;
  }

  private lowerBound(t: bigint): number {
    let lo = 0;
    let hi = this.ns.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ns[mid] ?? 0n) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[] {
    return this.entries.slice(this.lowerBound(fromNs), this.lowerBound(toNs));
  }

  countIn(fromNs: bigint, toNs: bigint): number {
    return Math.max(0, this.lowerBound(toNs) - this.lowerBound(fromNs));
  }
}

/** Where the last read of one container stopped: its last second, and how many lines of it were taken. */

export class PodmanLogStore implements LokiSource {
  /** One stream per container name: Alloy's labels do not include the ID either. */
  private readonly byName = new Map<string, MemoryStream>();
  private readonly pos = new Map<string, LogCursor>();
  private readonly hostnames = new Map<string, string | undefined>();
  private readonly listeners: LineListener[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly socketPath: string) {}

  streams(): LokiStreamSource[] {
    return [...this.byName.values()];
  }

  onLine(l: LineListener): void {
    this.listeners.push(l);
  }

  /** One pass over every container; concurrent callers share the pass in flight. */
  refresh(): Promise<void> {
    this.running ??= this.readAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async readAll(): Promise<void> {
    const containers = await listContainers(this.socketPath);
    await Promise.all(containers.map((c) => this.readOne(c)));
  }

  private async readOne(c: EngineContainer): Promise<void> {
    if (!this.hostnames.has(c.id)) {
      this.hostnames.set(c.id, await containerHostname(this.socketPath, c.id).catch(() => undefined));
    }
    const service = c.labels["com.docker.compose.service"] ?? c.name;
    const origin: LineOrigin = { id: c.id, name: c.name, service, hostname: this.hostnames.get(c.id) };
    const pos = this.pos.get(c.id) ?? newCursor();
    this.pos.set(c.id, pos);
    const r = await engineGet(this.socketPath, logsPath(c.id, pos));
    if (r.status !== 200) return;
    let stream = this.byName.get(c.name);
    for (const { ns, text } of unseenLines(r.body, pos)) {
      stream ??= this.makeStream(c);
      const at = stream.append(ns, text);
      for (const l of this.listeners) l(origin, at, text);
    }
  }

  private makeStream(c: EngineContainer): MemoryStream {
    // Alloy drops a label whose source meta label is absent, so only compose containers get these.
    const labels: Labels = { container: c.name, job: "podman" };
    const service = c.labels["com.docker.compose.service"];
    const project = c.labels["com.docker.compose.project"];
    if (service) labels.compose_service = service;
    if (project) labels.compose_project = project;
    const s = new MemoryStream(labels);
    this.byName.set(c.name, s);
    return s;
  }
}
