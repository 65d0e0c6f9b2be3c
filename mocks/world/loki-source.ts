// Loki streams of the shop. Labels follow one of three shippers: Grafana Alloy's docker
// discovery (like the fixtures), the Docker Loki logging driver (one stream per container
// incarnation, since `filename` holds the ID) or an unusual custom set for override tests.
import type { Labels, LokiEntry, LokiSource, LokiStreamSource, LokiStreamWalker } from "../sources";
import { type ContainerSpec, type ServiceKey, SPECS, incarnationsIn } from "./containers";
import { type BoundGen, type LineGen, countIn, entriesIn, slotAtMs, walk } from "./log-gen";
import { cartGens, frontendGens, paymentsGens, workerGens } from "./log-gens-apps";
import { bannerGen, dbGens, migrateGens, queueGens, workerOomGen } from "./log-gens-infra";
import type { RequestWorld } from "./requests";
import { DAY } from "./schedule";

export type LokiLabelMode = "alloy" | "docker-driver" | "custom";
export const DOCKER_HOST_NAME = "demo-host";

export function gensFor(w: RequestWorld, key: ServiceKey): LineGen[] {
  const s = w.schedule;
  switch (key) {
    case "frontend":
      return [...frontendGens(w), bannerGen(key, s)];
    case "cart":
      return [...cartGens(w), bannerGen(key, s)];
    case "payments":
      return [...paymentsGens(w), bannerGen(key, s)];
    case "worker":
      return [...workerGens(w), bannerGen(key, s), workerOomGen(s)];
    case "db":
      return [...dbGens(w.seed, s), bannerGen(key, s)];
    case "queue":
      return [...queueGens(w.seed, s), bannerGen(key, s)];
    case "migrate":
      return migrateGens(w.seed, s);
    default:
      return [];
  }
}

export class GenStream implements LokiStreamSource, LokiStreamWalker {
  constructor(
    readonly labels: Labels,
    private readonly gens: BoundGen[],
    private readonly now: () => number,
  ) {}

  /** Lines become visible once written: nothing after now. */
  private clamp(toNs: bigint): bigint {
    const nowNs = BigInt(Math.floor(this.now())) * 1_000_000n + 1n;
    return toNs < nowNs ? toNs : nowNs;
  }

  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[] {
    return entriesIn(this.gens, fromNs, this.clamp(toNs));
  }

  countIn(fromNs: bigint, toNs: bigint): number {
    return countIn(this.gens, fromNs, this.clamp(toNs));
  }

  walk(fromNs: bigint, toNs: bigint, direction: "forward" | "backward"): Iterable<LokiEntry> {
    return walk(this.gens, fromNs, this.clamp(toNs), direction);
  }
}

function unbounded(gens: LineGen[]): BoundGen[] {
  return gens.map((gen) => ({ gen, kMin: slotAtMs(gen, 0), kMax: Number.MAX_SAFE_INTEGER }));
}

function bounded(gens: LineGen[], fromMs: number, toMs: number): BoundGen[] {
  return gens.map((gen) => ({
    gen,
    kMin: Math.ceil((fromMs - gen.originMs) / gen.widthMs),
    kMax: Math.ceil((toMs - gen.originMs) / gen.widthMs) - 1,
  }));
}

function alloyLabels(s: ContainerSpec): Labels {
  return { compose_project: "shop", compose_service: s.service, container: s.name, job: "podman" };
}

/**
 * The "custom" world is the unusual installation: besides its own Loki labels, its logfmt lines
 * name the trace `request_trace=` (as an nginx `$otel_trace_id` log format might), which no
 * built-in trace-ID rule knows, so only a `traceIdPatterns` entry links them to their traces.
 */
export const CUSTOM_TRACE_FIELD = "request_trace";
function customTraceField(gen: LineGen): LineGen {
  return {
    ...gen,
    lines: (k) => gen.lines(k).map((l) => ({ ...l, line: l.line.replace(/\btrace_id=/, `${CUSTOM_TRACE_FIELD}=`) })),
  };
}

export function makeLokiSource(w: RequestWorld, mode: LokiLabelMode, now: () => number): LokiSource {
  const specs = SPECS.filter((s) => !s.promOnly);
  const gens = new Map(
    specs.map((s) => [s.key, mode === "custom" ? gensFor(w, s.key).map(customTraceField) : gensFor(w, s.key)] as const),
  );
  const fixed: LokiStreamSource[] = specs.map(
    (s) =>
      new GenStream(
        mode === "custom" ? { ctr_name: s.name, job: "containers" } : alloyLabels(s),
        unbounded(gens.get(s.key) ?? []),
        now,
      ),
  );
  if (mode !== "docker-driver") return { streams: () => fixed };

  const cache = new Map<string, GenStream>();
  return {
    streams() {
      const t = now();
      const out: LokiStreamSource[] = [];
      for (const s of specs) {
        for (const inc of incarnationsIn(w.schedule, s, t - 8 * DAY, t)) {
          let st = cache.get(inc.id);
          if (!st) {
            st = new GenStream(
              {
                compose_project: "shop",
                compose_service: s.service,
                container_name: s.name,
                filename: `/var/lib/docker/containers/${inc.id}/${inc.id}-json.log`,
                host: DOCKER_HOST_NAME,
              },
              bounded(gens.get(s.key) ?? [], inc.startedMs, inc.endMs),
              now,
            );
            cache.set(inc.id, st);
          }
          out.push(st);
        }
      }
      return out;
    },
  };
}
