// The engine's view of the world at now(): current incarnations, one-shot stats from the
// same models as the metrics, log lines from the same generators as Loki, and lifecycle
// events (deploy epochs, the daily migration, db health checks).
import type {
  EngineContainerSource,
  EngineEventSource,
  EngineLogLine,
  EngineSource,
  EngineStatsSource,
} from "../sources";
import {
  type ContainerSpec,
  DEFAULT_PATH_ENV,
  type Incarnation,
  SPECS,
  composeLabels,
  imageId,
  incarnationAt,
  incarnationsIn,
  jobRunAt,
  macOf,
  pidOf,
} from "./containers";
import { slotAtMs, walk } from "./log-gen";
import { DOCKER_HOST_NAME, gensFor } from "./loki-source";
import { counterSince } from "./metrics-model";
import { OOM_KEY, lastOomKill, oomKillsIn, restartsSince, workerProcessStart } from "./oom";
import type { PromCtx } from "./prom-ctx";
import { HOST_MEM_BYTES } from "./prom-podman";
import { DAY, MINUTE, SECOND, epochOf, epochStart } from "./schedule";

export const HOST_CPUS = 4;
const PIDS: Record<string, number> = { frontend: 9, cart: 11, payments: 38, db: 7, worker: 3, queue: 5, migrate: 1 };
const LOG_CAP = 10_000;

export function engineContainer(ctx: PromCtx, inc: Incarnation, now: number): EngineContainerSource {
  const s = inc.spec;
  let state: EngineContainerSource["state"] = now < inc.startedMs ? "created" : "running";
  let startedMs: number | undefined = now < inc.startedMs ? undefined : inc.startedMs;
  let finishedMs: number | undefined;
  let exitCode = 0;
  if (s.job && startedMs !== undefined) {
    const run = jobRunAt(ctx.w.schedule, s, now);
    startedMs = run.startMs;
    if (now >= run.endMs) {
      state = "exited";
      finishedMs = run.endMs;
    }
  }
  let restartCount = 0;
  if (s.key === OOM_KEY && startedMs !== undefined) {
    const proc = workerProcessStart(ctx.w.schedule, inc.startedMs, now);
    restartCount = restartsSince(ctx.w.schedule, inc.startedMs, now);
    if (proc === undefined) {
      state = "restarting";
      exitCode = 137;
      finishedMs = lastOomKill(ctx.w.schedule, now).killMs;
    } else startedMs = proc;
  }
  return {
    id: inc.id,
    name: s.name,
    image: s.image,
    imageId: imageId(ctx.w.seed, s.image),
    command: s.command,
    createdMs: inc.createdMs,
    startedMs,
    finishedMs,
    state,
    exitCode,
    pid: state === "running" ? pidOf(ctx.w.seed, inc) : 0,
    labels: composeLabels(s),
    env: [DEFAULT_PATH_ENV, ...s.env, `HOSTNAME=${inc.shortId}`],
    hostname: inc.shortId,
    restartCount,
    memoryLimitBytes: s.memoryLimitBytes,
    nanoCpus: s.cpus * 1e9,
    cpuQuota: s.cpus * 100_000,
    cpuPeriod: s.cpus > 0 ? 100_000 : 0,
    network: "shop_default",
    ipAddress: state === "running" ? `10.89.0.${s.ipOctet}` : "",
    macAddress: macOf(ctx.w.seed, inc),
    mounts: s.mounts,
    ports: s.ports,
  };
}

function engineSpecs(): ContainerSpec[] {
  return SPECS.filter((s) => !s.promOnly);
}

export function makeEngineSource(ctx: PromCtx): EngineSource {
  const sch = ctx.w.schedule;
  const hostBoot = (t: number) => epochStart(sch, epochOf(sch, t + 10 * MINUTE)) - 10 * MINUTE;
  const current = () => {
    const now = ctx.now();
    return engineSpecs().map((s) => incarnationAt(sch, s, now));
  };
  const find = (id: string) => current().find((i) => i.id === id);

  return {
    now: () => ctx.now(),
    host: () => ({
      hostname: DOCKER_HOST_NAME,
      kernelVersion: "6.1.0-26-amd64",
      ncpu: HOST_CPUS,
      memTotalBytes: HOST_MEM_BYTES,
    }),
    containers: () => {
      const now = ctx.now();
      return current().map((inc) => engineContainer(ctx, inc, now));
    },
    stats(id) {
      const inc = find(id);
      const now = ctx.now();
      if (!inc) return undefined;
      const c = engineContainer(ctx, inc, now);
      if (c.state !== "running" || c.startedMs === undefined) return undefined;
      const m = ctx.model(inc.spec.key);
      const total = Math.round(counterSince(m.cpu, c.startedMs, now) * 1e9);
      const share = [0.31, 0.27, 0.22, 0.2];
      const st: EngineStatsSource = {
        readMs: now,
        cpuTotalNs: total,
        cpuKernelNs: Math.round(total * 0.3),
        cpuUserNs: total - Math.round(total * 0.3),
        perCpuNs: share.map((f) => Math.round(total * f)),
        systemCpuNs: Math.round(((now - hostBoot(now)) / 1000) * HOST_CPUS * 1e9),
        onlineCpus: HOST_CPUS,
        memUsageBytes: m.workingSet(now) + m.cacheBytes,
        memLimitBytes: inc.spec.memoryLimitBytes || HOST_MEM_BYTES,
        netRxBytes: counterSince(m.netRx, c.startedMs, now, 1, true),
        netTxBytes: counterSince(m.netTx, c.startedMs, now, 1, true),
        pids: PIDS[inc.spec.key] ?? 1,
        throttling: {
          periods: m.periods ? counterSince(m.periods, c.startedMs, now, 1, true) : 0,
          throttledPeriods: m.throttledPeriods ? counterSince(m.throttledPeriods, c.startedMs, now, 1, true) : 0,
          throttledTimeNs: m.throttledSeconds
            ? Math.round(counterSince(m.throttledSeconds, c.startedMs, now) * 1e9)
            : 0,
        },
      };
      return st;
    },
    logs(id, opts) {
      const inc = find(id);
      if (!inc) return [];
      const now = ctx.now();
      const from = Math.max(opts.sinceMs ?? 0, inc.startedMs);
      const to = Math.min(opts.untilMs ?? now + 1, now + 1, inc.endMs);
      if (to <= from) return [];
      const gens = gensFor(ctx.w, inc.spec.key).map((gen) => ({
        gen,
        kMin: Math.ceil((inc.startedMs - gen.originMs) / gen.widthMs),
        kMax: Math.max(slotAtMs(gen, to), 0),
      }));
      // Docker would stream everything; a mock caps at the newest LOG_CAP lines.
      const keep = Math.min(opts.tail ?? LOG_CAP, LOG_CAP);
      const out: EngineLogLine[] = [];
      const stream = inc.spec.key === "db" ? "stderr" : "stdout";
      for (const e of walk(gens, BigInt(from) * 1_000_000n, BigInt(to) * 1_000_000n, "backward")) {
        if (out.length >= keep) break;
        out.push({ stream, ns: e.ns, line: e.line });
      }
      return out.reverse();
    },
    events(sinceMs, untilMs) {
      const out: EngineEventSource[] = [];
      for (const s of engineSpecs()) out.push(...lifecycleEvents(ctx, s, sinceMs, untilMs));
      out.push(...healthEvents(ctx, sinceMs, untilMs));
      return out.sort((a, b) => (BigInt(a.timeNano) < BigInt(b.timeNano) ? -1 : 1));
    },
  };
}

function ev(inc: Incarnation, action: string, tMs: number, extra: Record<string, string> = {}): EngineEventSource {
  return {
    type: "container",
    action,
    actorId: inc.id,
    attributes: { ...composeLabels(inc.spec), image: inc.spec.image, name: inc.spec.name, ...extra },
    timeNano: `${BigInt(Math.floor(tMs)) * 1_000_000n + BigInt((inc.id.charCodeAt(3) * 7919) % 999_983)}`,
  };
}

function lifecycleEvents(ctx: PromCtx, s: ContainerSpec, sinceMs: number, untilMs: number): EngineEventSource[] {
  const sch = ctx.w.schedule;
  const out: EngineEventSource[] = [];
  for (const inc of incarnationsIn(sch, s, sinceMs - 2 * SECOND, untilMs + DAY)) {
    out.push(ev(inc, "create", inc.createdMs), ev(inc, "init", inc.startedMs - 40), ev(inc, "start", inc.startedMs));
    if (s.job) {
      for (
        let run = jobRunAt(sch, s, Math.max(sinceMs, inc.startedMs));
        run.startMs < Math.min(untilMs, inc.endMs);
        run = jobRunAt(sch, s, run.startMs + DAY)
      ) {
        if (run.startMs > inc.startedMs) out.push(ev(inc, "init", run.startMs - 40), ev(inc, "start", run.startMs));
        out.push(ev(inc, "die", run.endMs, { exitCode: "0" }));
      }
    } else {
      if (s.key === OOM_KEY) {
        for (const o of oomKillsIn(sch, Math.max(sinceMs, inc.startedMs) - 2 * SECOND, Math.min(untilMs, inc.endMs))) {
          // Docker: oom, then die 137, then start again (a restart policy emits no `restart`).
          out.push(ev(inc, "oom", o.killMs - 30), ev(inc, "die", o.killMs, { exitCode: "137" }));
          out.push(ev(inc, "start", o.restartMs));
        }
      }
      out.push(
        ev(inc, "kill", inc.endMs - 1500, { signal: "15" }),
        ev(inc, "die", inc.endMs - 1200, { exitCode: "143" }),
        ev(inc, "stop", inc.endMs - 1150),
      );
    }
    out.push(ev(inc, "destroy", inc.endMs - 900));
  }
  return out.filter((e) => {
    const ms = Number(BigInt(e.timeNano) / 1_000_000n);
    return ms >= sinceMs && ms < untilMs;
  });
}

function healthEvents(ctx: PromCtx, sinceMs: number, untilMs: number): EngineEventSource[] {
  const db = engineSpecs().find((s) => s.key === "db");
  if (!db) return [];
  const out: EngineEventSource[] = [];
  const step = 30 * SECOND;
  const origin = ctx.w.schedule.cycleOrigin + 11 * SECOND;
  for (let k = Math.ceil((sinceMs - origin) / step); origin + k * step < untilMs && out.length < 50_000; k++) {
    const t = origin + k * step;
    out.push(ev(incarnationAt(ctx.w.schedule, db, t), "health_status", t, { health_status: "healthy" }));
  }
  return out;
}
