// The shop's containers: static specs plus "incarnations" (one per deploy epoch, each with
// its own ID), so which container existed at any instant is a pure function of time.
import type { EngineContainerSource } from "../sources";
import { hash, hexOf, strHash } from "./prng";
import { DAY, EPOCH_MS, type Schedule, SECOND, floorDiv } from "./schedule";

export type ServiceKey = "frontend" | "cart" | "payments" | "db" | "worker" | "queue" | "migrate" | "legacy";

export interface ContainerSpec {
  key: ServiceKey;
  name: string;
  /** Compose service, or "" for the container outside the compose project. */
  service: string;
  image: string;
  command: string[];
  /** Seconds after the epoch start at which this container starts (compose start order). */
  startDelayMs: number;
  memoryLimitBytes: number;
  cpus: number;
  /** Only Prometheus knows it (another host): no engine entry, no logs, no traces. */
  promOnly: boolean;
  /** Runs once a day for runMs, exit code 0 (shop-migrate). */
  job?: { runMs: number };
  ipOctet: number;
  mounts: EngineContainerSource["mounts"];
  ports: EngineContainerSource["ports"];
  env: string[];
}

const MiB = 1024 * 1024;
const PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const REG = "registry.example.com/shop";

export const SPECS: readonly ContainerSpec[] = [
  spec("db", "docker.io/library/postgres:16.4", ["postgres"], 0, {
    memoryLimitBytes: 1024 * MiB,
    mounts: [vol("shop_pgdata", "/var/lib/postgresql/data")],
    env: ["POSTGRES_DB=shop", "POSTGRES_USER=shop", "PGDATA=/var/lib/postgresql/data"],
  }),
  spec("queue", "docker.io/library/redis:7.2.5", ["redis-server", "--save", "300", "100"], 1, {
    mounts: [vol("shop_redis", "/data")],
  }),
  spec("cart", `${REG}/cart:2.4.0`, ["node", "server.js"], 4, {
    env: ["NODE_ENV=production", "PORT=7070"],
    mounts: [vol("shop_traces", "/run/shop")],
  }),
  spec("payments", `${REG}/payments:3.1.4`, ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/payments.jar"], 5, {
    memoryLimitBytes: 256 * MiB,
    cpus: 1,
    env: ["JAVA_VERSION=21.0.4", "SPRING_PROFILES_ACTIVE=prod"],
    mounts: [vol("shop_traces", "/run/shop")],
  }),
  spec("frontend", `${REG}/frontend:1.8.2`, ["/usr/local/bin/frontend", "--listen=:8080"], 7, {
    ports: [{ hostPort: 8080, containerPort: 8080, protocol: "tcp" }],
    mounts: [vol("shop_traces", "/run/shop")],
  }),
  spec("worker", `${REG}/worker:1.2.0`, ["python", "-m", "worker", "--queue=orders"], 8, {
    memoryLimitBytes: 256 * MiB,
    env: ["PYTHONUNBUFFERED=1"],
  }),
  spec("migrate", `${REG}/migrate:3.1.4`, ["/app/migrate", "up"], 2, { job: { runMs: 40 * SECOND } }),
  {
    ...spec("legacy", "registry.example.com/legacy/report:2.3.1", ["/opt/report/bin/report-server"], 0, {}),
    name: "legacy-report-1",
    service: "",
    promOnly: true,
  },
];

function spec(
  key: ServiceKey,
  image: string,
  command: string[],
  order: number,
  extra: Partial<ContainerSpec>,
): ContainerSpec {
  return {
    key,
    name: `shop-${key}-1`,
    service: key,
    image,
    command,
    startDelayMs: order * SECOND + 500,
    memoryLimitBytes: 0,
    cpus: 0,
    promOnly: false,
    ipOctet: 2 + order,
    mounts: [],
    ports: [],
    env: [],
    ...extra,
  };
}

function vol(name: string, destination: string): EngineContainerSource["mounts"][number] {
  return { type: "volume", name, source: `/var/lib/containers/storage/volumes/${name}/_data`, destination, rw: true };
}

export function specByKey(key: ServiceKey): ContainerSpec {
  const s = SPECS.find((x) => x.key === key);
  if (!s) throw new Error(`no container spec ${key}`);
  return s;
}

export const COMPOSE_VERSION = "2.24.6";

export function composeLabels(s: ContainerSpec): Record<string, string> {
  if (s.promOnly) return { "com.example.team": "reports", "org.opencontainers.image.title": "legacy-report" };
  return {
    "com.docker.compose.container-number": "1",
    "com.docker.compose.oneoff": "False",
    "com.docker.compose.project": "shop",
    "com.docker.compose.service": s.service,
    "com.docker.compose.version": COMPOSE_VERSION,
    "org.opencontainers.image.title": `shop-${s.service}`,
  };
}

/** The legacy container lives on another host with its own (longer) redeploy rhythm. */
function epochLength(s: ContainerSpec): number {
  return s.promOnly ? 3 * EPOCH_MS : EPOCH_MS;
}

function epochBase(sch: Schedule, s: ContainerSpec): number {
  return s.promOnly ? sch.epochOrigin - 11 * DAY : sch.epochOrigin;
}

export interface Incarnation {
  spec: ContainerSpec;
  epoch: number;
  id: string;
  shortId: string;
  createdMs: number;
  /** First start in this epoch. */
  startedMs: number;
  /** Exclusive end of this incarnation (the next one's start). */
  endMs: number;
}

// Metric samples ask "which container was this?" millions of times over a week's range.
const incCache = new WeakMap<Schedule, WeakMap<ContainerSpec, Map<number, Incarnation>>>();

export function incarnation(sch: Schedule, s: ContainerSpec, epoch: number): Incarnation {
  let bySpec = incCache.get(sch);
  if (!bySpec) {
    bySpec = new WeakMap();
    incCache.set(sch, bySpec);
  }
  let byEpoch = bySpec.get(s);
  if (!byEpoch) {
    byEpoch = new Map();
    bySpec.set(s, byEpoch);
  }
  let inc = byEpoch.get(epoch);
  if (!inc) {
    inc = makeIncarnation(sch, s, epoch);
    if (byEpoch.size > 64) byEpoch.clear();
    byEpoch.set(epoch, inc);
  }
  return inc;
}

function makeIncarnation(sch: Schedule, s: ContainerSpec, epoch: number): Incarnation {
  const len = epochLength(s);
  const base = epochBase(sch, s) + epoch * len;
  const id = hexOf(64, sch.seed, strHash(s.name), epoch, 0x1d);
  return {
    spec: s,
    epoch,
    id,
    shortId: id.slice(0, 12),
    createdMs: base + s.startDelayMs - 300,
    startedMs: base + s.startDelayMs,
    endMs: base + len + s.startDelayMs,
  };
}

/** The incarnation alive at tMs (the container is recreated right at its next start). */
export function incarnationAt(sch: Schedule, s: ContainerSpec, tMs: number): Incarnation {
  const e = floorDiv(tMs - epochBase(sch, s) - s.startDelayMs, epochLength(s));
  return incarnation(sch, s, e);
}

/** Incarnations overlapping [fromMs, toMs], oldest first. */
export function incarnationsIn(sch: Schedule, s: ContainerSpec, fromMs: number, toMs: number): Incarnation[] {
  const first = incarnationAt(sch, s, fromMs).epoch;
  const last = incarnationAt(sch, s, toMs).epoch;
  const out: Incarnation[] = [];
  for (let e = first; e <= last; e++) out.push(incarnation(sch, s, e));
  return out;
}

/** For the daily job: the run that started last at or before tMs. */
export function jobRunAt(sch: Schedule, s: ContainerSpec, tMs: number): { startMs: number; endMs: number } {
  const n = floorDiv(tMs - sch.dayOrigin - s.startDelayMs, DAY);
  const startMs = sch.dayOrigin + n * DAY + s.startDelayMs;
  return { startMs, endMs: startMs + (s.job?.runMs ?? 0) };
}

export function imageId(seed: number, image: string): string {
  return hexOf(64, seed, strHash(image), 0x1a);
}

export function pidOf(seed: number, inc: Incarnation): number {
  return 2000 + (hash(seed, strHash(inc.id), 7) % 60000);
}

export function macOf(seed: number, inc: Incarnation): string {
  const h = hexOf(10, seed, strHash(inc.id), 0x3ac);
  return `02:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${h.slice(8, 10)}`;
}

export { PATH as DEFAULT_PATH_ENV };
