// 6. Hostile lines (#13): the logs API over 1,000 lines that include ten 256 KB adversarial lines
// vs 1,000 ordinary lines (median ratio ≤ 2×), and /api/health p99 meanwhile (≤ 50 ms): one log
// line never stalls the server. Its own Sightline and mocks (load-env.ts).
import path from "node:path";
import type { Ctx } from "./context";
import {
  healthProbe,
  LINES,
  type LoadEnv,
  type LoadResult,
  median,
  profileInto,
  q,
  startLoadEnv,
  toFigure,
} from "./load-env";

export async function runHostile(env: LoadEnv, runs: number): Promise<LoadResult> {
  const { w, logsUrl } = env;
  const failures: string[] = [];
  let bust = 0;
  const timeLogs = async (c: string) => {
    const t = performance.now();
    const r = await fetch(logsUrl(c, ++bust));
    const body = (await r.json()) as { lines?: { lineLength?: number }[] };
    if (!r.ok) throw new Error(`${c} logs → ${r.status}`);
    return {
      ms: performance.now() - t,
      lines: body.lines?.length ?? 0,
      cut: body.lines?.filter((l) => l.lineLength).length ?? 0,
    };
  };
  const plain: number[] = [];
  const hostile: number[] = [];
  const probe = healthProbe(env.origin);
  let cut = 0;
  let n = 0;
  for (let i = 0; i < runs; i++) {
    plain.push((await timeLogs(w.plain)).ms);
    const h = await timeLogs(w.hostile);
    hostile.push(h.ms);
    cut = h.cut;
    n = h.lines;
  }
  await probe.stop();
  // Each hostile request is paired with the ordinary one just before it (same machine state);
  // the figure is the median of those ratios.
  const ratios = hostile.map((h, i) => h / (plain[i] ?? Number.NaN));
  const ratio = median(ratios);
  if (n !== LINES) failures.push(`hostile logs: ${n} lines, expected ${LINES}`);
  if (cut !== 10) failures.push(`hostile logs: ${cut} lines marked cut, expected 10`);
  failures.push(...probe.errors);
  // The same page straight from the mock Loki (same LogQL): what the backend itself costs.
  const direct = async (c: string) => {
    const { query } = (await (await fetch(logsUrl(c))).json()) as { query: string };
    const u = `${env.mocks.urls.loki}/loki/api/v1/query_range?${new URLSearchParams({
      query,
      start: `${env.hourAgo}000000`,
      end: `${w.endMs}000000`,
      limit: String(LINES),
      direction: "backward",
    })}`;
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await (await fetch(u)).arrayBuffer();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const [dPlain, dHostile] = [await direct(w.plain), await direct(w.hostile)];
  const p99 = q(probe.lat, 0.99);
  return {
    failures,
    rows: [
      {
        id: "6-hostile-ratio",
        row: "hostile lines: logs API, 1,000 lines incl. ten 256 KB adversarial / 1,000 ordinary (median of paired runs)",
        value: `${ratio.toFixed(2)}× (median of ${runs} paired runs; medians ${median(hostile).toFixed(0)} ms / ${median(plain).toFixed(0)} ms)`,
        budget: "≤ 2×",
        ok: ratio <= 2,
        unit: "ratio",
        runs: ratios,
        size: "1,000 lines, 10 × 256 KB",
      },
      {
        id: "6-hostile-health-p99",
        row: "hostile lines: /api/health p99 meanwhile",
        value: `${p99.toFixed(0)} ms (${probe.lat.length} probes)`,
        budget: "≤ 50 ms",
        ok: p99 <= 50,
        unit: "ms",
        runs: [p99],
        size: `${probe.lat.length} probes`,
      },
      {
        id: "6-hostile-direct",
        row: "hostile lines: the same page straight from the mock Loki, hostile / ordinary (for reference)",
        value: `${dHostile.toFixed(0)} ms / ${dPlain.toFixed(0)} ms; Sightline's own share: ${(median(hostile) - dHostile).toFixed(0)} ms / ${(median(plain) - dPlain).toFixed(0)} ms`,
        budget: "–",
        unit: "ratio",
        runs: [dHostile / dPlain],
        size: "1,000 lines",
      },
    ],
  };
}

/** Bench scenario `hostile`. */
export async function hostileLines(ctx: Ctx): Promise<void> {
  const env = await startLoadEnv(ctx.root, path.join(ctx.outDir, "next-server-hostile.log"));
  try {
    const r = await runHostile(env, Math.max(7, ctx.runs));
    for (const row of r.rows) ctx.add(toFigure(row, "6 hostile lines"));
    for (const f of r.failures) ctx.note(`hostile lines: ${f}`);
    const over = r.rows.filter((x) => x.ok === false).map((x) => x.id);
    // Profiled now, while this Sightline is up (the bench's own profiler pass comes later).
    if (over.length && ctx.remainingMs() > 30_000)
      await profileInto(ctx, env, over, "hostile lines: 3 × logs API over the hostile container", async () => {
        for (let i = 0; i < 3; i++) await (await fetch(env.logsUrl(env.w.hostile))).arrayBuffer();
      });
  } finally {
    await env.close();
  }
}
