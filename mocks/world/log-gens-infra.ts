// Log generators of the untraced containers (postgres, redis, the daily migration) and the
// start-up banners every container prints when its incarnation starts.
import { type ServiceKey, specByKey } from "./containers";
import type { GenLine, LineGen } from "./log-gen";
import { NO_TRACE_CTX, springLine } from "./log-gens-apps";
import { hash, hashInt, hex8 } from "./prng";
import { OOM_OFFSET_MS, OOM_PERIOD_MS, RESTART_DELAY_MS } from "./oom";
import { DAY, EPOCH_MS, type Schedule } from "./schedule";
import { isoMillis, isoSeconds, pgTime, redisTime } from "./time-format";

/** A sparse generator: every slot emits the same number of lines, text built on demand. */
export function periodic(
  origin: number,
  width: number,
  maxLag: number,
  n: number,
  make: (k: number, startMs: number) => GenLine[],
): LineGen {
  return {
    originMs: origin,
    widthMs: width,
    maxLagMs: maxLag,
    counts: Int32Array.of(n),
    times: (k) => make(k, origin + k * width).map((l) => l.tUs),
    lines: (k) => make(k, origin + k * width),
  };
}

const at = (ms: number, line: string): GenLine => ({ tUs: Math.round(ms * 1000), line });

export function dbGens(seed: number, s: Schedule): LineGen[] {
  const checkpoint = periodic(s.cycleOrigin + 60_000, 300_000, 40_000, 2, (k, t0) => {
    const t1 = t0 + 1200 + hashInt(0, 900, seed, 0xc1, k);
    const write = hashInt(2000, 28_000, seed, 0xc2, k);
    const buffers = hashInt(20, 900, seed, 0xc3, k);
    const lsn = hex8(0x3b00000 + k * 4096)
      .toUpperCase()
      .replace(/^0+/, "");
    return [
      at(t1, `${pgTime(t1)} [27] LOG:  checkpoint starting: time`),
      at(
        t1 + write + 15,
        `${pgTime(t1 + write + 15)} [27] LOG:  checkpoint complete: wrote ${buffers} buffers (${((buffers / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=${(write / 1000).toFixed(3)} s, sync=0.004 s, total=${((write + 15) / 1000).toFixed(3)} s; sync files=${(buffers % 40) + 3}, longest=0.002 s, average=0.001 s; distance=${buffers * 8} kB, estimate=${buffers * 8 + 200} kB; lsn=0/${lsn}, redo lsn=0/${lsn}`,
      ),
    ];
  });
  const apps = ["cart", "payments", "worker", "frontend"];
  const conn = periodic(s.cycleOrigin + 17_000, 60_000, 2000, 2, (k, t0) => {
    const t = t0 + hashInt(0, 900, seed, 0xc4, k);
    const app = apps[hash(seed, 0xc5, k) % apps.length] ?? "cart";
    const pid = 100 + (hash(seed, 0xc6, k) % 900);
    const port = 32768 + (hash(seed, 0xc7, k) % 28000);
    return [
      at(
        t,
        `${pgTime(t)} [${pid}] LOG:  connection received: host=10.89.0.${3 + (hash(seed, 0xc8, k) % 6)} port=${port}`,
      ),
      at(
        t + 3,
        `${pgTime(t + 3)} [${pid}] LOG:  connection authorized: user=shop database=shop application_name=${app}`,
      ),
    ];
  });
  return [checkpoint, conn];
}

export function queueGens(seed: number, s: Schedule): LineGen[] {
  const save = periodic(s.cycleOrigin + 90_000, 300_000, 2000, 5, (k, t0) => {
    const child = 1000 + (hash(seed, 0x5e, k) % 30000);
    const dur = hashInt(8, 120, seed, 0x5f, k);
    return [
      at(t0, `1:M ${redisTime(t0)} * 100 changes in 300 seconds. Saving...`),
      at(t0 + 1, `1:M ${redisTime(t0 + 1)} * Background saving started by pid ${child}`),
      at(t0 + dur, `${child}:C ${redisTime(t0 + dur)} * DB saved on disk`),
      at(
        t0 + dur + 1,
        `${child}:C ${redisTime(t0 + dur + 1)} * Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB`,
      ),
      at(t0 + dur + 102, `1:M ${redisTime(t0 + dur + 102)} * Background saving terminated with success`),
    ];
  });
  return [save];
}

const MIGRATIONS = ["0042_add_payment_idempotency", "0043_orders_status_index"];

export function migrateGens(seed: number, s: Schedule): LineGen[] {
  const spec = specByKey("migrate");
  const run = periodic(s.dayOrigin + spec.startDelayMs, DAY, 40_000, 8, (k, t0) => {
    const a = hashInt(300, 1500, seed, 0x3a, k);
    const b = hashInt(20_000, 31_000, seed, 0x3b, k);
    const l = (ms: number, msg: string) => at(t0 + ms, `${isoMillis(t0 + ms)} migrate: ${msg}`);
    return [
      l(120, "connecting to postgres://shop@db:5432/shop"),
      l(180, "current schema version 41"),
      l(200, `applying ${MIGRATIONS[0]}.sql`),
      l(200 + a, `applied ${MIGRATIONS[0]} in ${a}ms`),
      l(210 + a, `applying ${MIGRATIONS[1]}.sql`),
      l(210 + a + b, `applied ${MIGRATIONS[1]} in ${b}ms`),
      l(220 + a + b, "schema is up to date (version 43)"),
      l(230 + a + b, `done in ${((230 + a + b) / 1000).toFixed(1)}s`),
    ];
  });
  return [run];
}

function banner(key: ServiceKey, t0: number): GenLine[] {
  switch (key) {
    case "frontend":
      return [
        at(
          t0 + 40,
          `ts=${isoSeconds(t0 + 40)} level=info caller=main.go:41 msg="starting frontend" version=1.8.2 listen=:8080`,
        ),
        at(
          t0 + 95,
          `ts=${isoSeconds(t0 + 95)} level=info caller=main.go:58 msg="upstreams ready" cart=http://cart:7070 db=postgres://db:5432/shop`,
        ),
      ];
    case "cart":
      return [
        at(
          t0 + 300,
          `{"time":"${isoSeconds(t0 + 300)}","level":"info","service":"cart","msg":"cart service listening","port":7070}`,
        ),
      ];
    case "payments":
      return [
        at(
          t0 + 1900,
          springLine(
            (t0 + 1900) * 1000,
            "INFO",
            "main",
            NO_TRACE_CTX,
            "o.s.b.w.embedded.tomcat.TomcatWebServer",
            "Tomcat started on port 8080 (http) with context path '/'",
          ),
        ),
        at(
          t0 + 2184,
          springLine(
            (t0 + 2184) * 1000,
            "INFO",
            "main",
            NO_TRACE_CTX,
            "c.s.payments.PaymentsApplication",
            "Started PaymentsApplication in 2.184 seconds (process running for 2.61)",
          ),
        ),
      ];
    case "db":
      return [
        at(
          t0 + 20,
          `${pgTime(t0 + 20)} [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
        ),
        at(t0 + 22, `${pgTime(t0 + 22)} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`),
        at(t0 + 61, `${pgTime(t0 + 61)} [1] LOG:  database system is ready to accept connections`),
      ];
    case "queue":
      return [
        at(t0 + 5, `1:C ${redisTime(t0 + 5)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`),
        at(t0 + 9, `1:M ${redisTime(t0 + 9)} * Ready to accept connections tcp`),
      ];
    case "worker":
      return [at(t0 + 650, `${isoMillis(t0 + 650)} INFO worker.main: consuming queue=orders concurrency=4`)];
    default:
      return [];
  }
}

/** Start-up lines at the start of each deploy epoch (slot k = epoch k). */
export function bannerGen(key: ServiceKey, s: Schedule): LineGen {
  const spec = specByKey(key);
  const n = banner(key, 0).length;
  return periodic(s.epochOrigin + spec.startDelayMs, EPOCH_MS, 3000, n, (_k, t0) => banner(key, t0));
}

/** The worker's last words before each OOM kill, and its start-up line after the restart (oom.ts). */
export function workerOomGen(s: Schedule): LineGen {
  const lead = 30_000;
  return periodic(s.cycleOrigin + OOM_OFFSET_MS - lead, OOM_PERIOD_MS, lead + RESTART_DELAY_MS + 1000, 4, (_k, t0) => {
    const kill = t0 + lead;
    const up = kill + RESTART_DELAY_MS + 650;
    const warn = (ms: number, rss: number, pending: number) =>
      at(
        kill - ms,
        `${isoMillis(kill - ms)} WARNING worker.consumer: memory high rss_mib=${rss} limit_mib=256 pending_batches=${pending}`,
      );
    return [
      warn(25_000, 243, 5120),
      warn(9_000, 251, 5302),
      warn(2_000, 255, 5391),
      at(up, `${isoMillis(up)} INFO worker.main: consuming queue=orders concurrency=4`),
    ];
  });
}
