// "Why did it stop?": each exit explained from the evidence on the merged timeline — the exit
// code's meaning, an OOM said by the engine or Kubernetes or shown by memory at its limit just
// before, a preceding kill, a failed health check. Pure; the server adds logs and links.
import { formatBytes } from "../model/format";
import type { ExitExplanation, LifecycleEvent, LifecycleSummary } from "../model/lifecycle";
import type { Point } from "../model/series";
import type { Millis } from "../model/time";

const SIGNAL_NAMES: Record<number, string> = {
  1: "SIGHUP",
  2: "SIGINT",
  3: "SIGQUIT",
  4: "SIGILL",
  6: "SIGABRT",
  7: "SIGBUS",
  8: "SIGFPE",
  9: "SIGKILL",
  11: "SIGSEGV",
  13: "SIGPIPE",
  14: "SIGALRM",
  15: "SIGTERM",
};
const SIGNAL_TEXT: Record<number, string> = {
  6: "the process aborted itself (SIGABRT: an assertion or a fatal runtime error)",
  9: "killed with SIGKILL: by the kernel's OOM killer, a `kill`, or a stop that timed out",
  11: "crashed with a segmentation fault (SIGSEGV)",
  15: "stopped with SIGTERM, the usual `docker stop` / shutdown signal",
  2: "interrupted (SIGINT)",
};

/** Memory at or above this share of the limit just before an exit counts as evidence of OOM. */
export const OOM_MEMORY_RATIO = 0.9;
const HEALTH_LOOKBACK_MS = 10 * 60_000;
const OOM_EVENT_WINDOW_MS = 5_000;
const KILL_WINDOW_MS = 60_000;

export interface MemoryEvidence {
  usage: readonly Point[];
  limit: readonly Point[];
  stepMs: number;
}

export function exitCodeMeaning(code: number | undefined): { label: string; text: string } {
  if (code === undefined) return { label: "stopped", text: "The exit code is unknown." };
  if (code === 0) return { label: "exited 0", text: "The process exited normally (code 0)." };
  if (code === 126)
    return { label: "exit 126", text: "The command could not be run (126: not executable or no permission)." };
  if (code === 127) return { label: "exit 127", text: "The command was not found (127)." };
  if (code > 128 && code < 160) {
    const sig = code - 128;
    const name = SIGNAL_NAMES[sig] ?? `signal ${sig}`;
    return {
      label: `exit ${code} (${name})`,
      text: `${capital(SIGNAL_TEXT[sig] ?? `ended by ${name}`)} — ${code} = 128 + ${sig}.`,
    };
  }
  return {
    label: `exit ${code}`,
    text: `The process exited with error code ${code} (the application's own failure code).`,
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The highest usage in the few scrapes before `at`, as a share of the limit then. The highest,
 * not the last: a scrape between the kill and the exit already sees the memory freed.
 */
export function memoryBeforeExit(
  m: MemoryEvidence | undefined,
  at: number,
): { at: Millis; ratio: number; limit: number } | undefined {
  if (!m?.usage.length || !m.limit.length) return undefined;
  const window = 2 * m.stepMs + 15_000;
  let best: { at: Millis; ratio: number; limit: number } | undefined;
  let li = 0;
  let limit: number | undefined;
  for (const p of m.usage) {
    if (p[0] > at) break;
    while (li < m.limit.length && (m.limit[li]?.[0] ?? Number.POSITIVE_INFINITY) <= p[0]) {
      const v = m.limit[li]?.[1];
      if (v !== null && v !== undefined && v > 0) limit = v;
      li++;
    }
    if (p[1] === null || p[0] < at - window) continue;
    const lim = limit ?? m.limit.find((q) => q[1] !== null && q[1] > 0)?.[1] ?? undefined;
    if (!lim) continue;
    const ratio = p[1] / lim;
    if (!best || ratio >= best.ratio) best = { at: p[0], ratio, limit: lim };
  }
  return best;
}

const srcText = (e: LifecycleEvent) => e.sources.join(" + ");
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function explainExit(
  exit: LifecycleEvent,
  timeline: readonly LifecycleEvent[],
  memory?: MemoryEvidence,
): ExitExplanation {
  const evidence: string[] = [];
  const mine = timeline.filter((e) => !e.otherContainer);
  const oomEvent = mine.find(
    (e) => e.kind === "oom" && e.at <= exit.at + 1000 && exit.at - e.at <= OOM_EVENT_WINDOW_MS,
  );
  const k8sOom = /oom/i.test(exit.reason ?? "");
  const mem = memoryBeforeExit(memory, exit.at);
  const memAtLimit = mem !== undefined && mem.ratio >= OOM_MEMORY_RATIO;
  const code = exit.exitCode;
  const meaning = exitCodeMeaning(code);
  evidence.push(
    code === undefined
      ? `no exit code (${srcText(exit)}${exit.reason ? `: ${exit.reason}` : ""})`
      : `exit code ${code} (${srcText(exit)})`,
  );
  const byEngine = oomEvent?.sources.some((s) => s === "docker" || s === "podman");
  const oomBy = byEngine
    ? "the engine"
    : oomEvent?.sources.includes("kubernetes")
      ? "Kubernetes"
      : "kube-state-metrics";
  if (oomEvent) evidence.push(`${oomBy} reported an OOM kill at ${clock(oomEvent.at)} UTC (${srcText(oomEvent)})`);
  if (k8sOom) evidence.push(`Kubernetes says ${exit.reason}`);
  if (mem)
    evidence.push(
      `memory reached ${Math.round(mem.ratio * 100)}% of its ${formatBytes(mem.limit)} limit at ${clock(mem.at)} UTC, just before (prometheus)`,
    );
  // A kill the engine logged (stop, kill) shortly before the exit.
  const kill = [...mine]
    .reverse()
    .find((e) => e.kind === "kill" && e.at <= exit.at && exit.at - e.at <= KILL_WINDOW_MS);
  if (kill)
    evidence.push(
      `${kill.signal ? (SIGNAL_NAMES[kill.signal] ?? `signal ${kill.signal}`) : "a signal"} was sent at ${clock(kill.at)} UTC (${srcText(kill)})`,
    );
  const health = [...mine]
    .reverse()
    .find((e) => e.kind === "health" && e.at <= exit.at && exit.at - e.at <= HEALTH_LOOKBACK_MS);
  const failedHealth =
    health && /unhealthy|fail/i.test(health.health ?? "")
      ? { at: health.at, status: health.health ?? "unhealthy" }
      : undefined;
  if (failedHealth) evidence.push(`the health check reported ${failedHealth.status} at ${clock(failedHealth.at)} UTC`);

  const killedBySignal9 = code === 137 || code === undefined;
  const oom = Boolean(oomEvent) || k8sOom || (memAtLimit && killedBySignal9 && !(kill && kill.signal === 9));
  let label = meaning.label;
  let explanation = meaning.text;
  if (oom) {
    label = oomEvent || k8sOom ? "OOM killed" : "likely OOM killed";
    const why = byEngine
      ? "the engine reported an out-of-memory kill"
      : oomEvent || k8sOom
        ? "Kubernetes reported OOMKilled"
        : "memory reached at its limit just before";
    explanation = `Killed for memory: ${why}${code !== undefined ? ` (exit ${code})` : ""}.`;
  } else if (code === 137 && kill?.signal === 15) {
    label = "stop timed out (SIGKILL)";
    explanation = "SIGTERM was sent but the process did not exit in time, so SIGKILL followed (137 = 128 + 9).";
  } else if (code === 137 && kill?.signal === 9) {
    label = "killed (SIGKILL)";
    explanation = "Someone killed it with SIGKILL (`kill` / `docker kill`), not the OOM killer (137 = 128 + 9).";
  } else if (memAtLimit && code !== undefined && code !== 0) {
    explanation += " Memory was at its limit just before: an allocation failure inside the application is likely.";
  }
  if (failedHealth && !oom) explanation += ` The health check had failed (${failedHealth.status}) before it stopped.`;
  if (exit.reason?.startsWith("inferred"))
    explanation += " The engine has no record of this exit: Prometheus saw a new start time.";
  const restart = mine.find((e) => e.kind === "start" && e.at > exit.at);
  return {
    at: exit.at,
    exitCode: code,
    label,
    explanation,
    oom,
    evidence,
    lastLogs: [],
    failedHealth,
    restartedAt: restart?.at,
  };
}

/** Starts in the range that are not the container's first start (the one right after its creation). */
export function restartTimes(timeline: readonly LifecycleEvent[], createdAt?: number): Millis[] {
  const starts = timeline.filter((e) => e.kind === "start" && !e.otherContainer);
  const first =
    createdAt === undefined ? undefined : starts.find((e) => e.at >= createdAt - 1000 && e.at - createdAt < 10_000);
  return starts.filter((e) => e !== first).map((e) => e.at);
}

export const countRestarts = (timeline: readonly LifecycleEvent[], createdAt?: number): number =>
  restartTimes(timeline, createdAt).length;

export function summarize(
  timeline: readonly LifecycleEvent[],
  exits: readonly ExitExplanation[],
  createdAt: number | undefined,
  focusHref: (at: number) => string,
): LifecycleSummary {
  const restartsAt = restartTimes(timeline, createdAt);
  const restarts = restartsAt.length;
  const oomKills = exits.filter((x) => x.oom).length;
  const last = exits.at(-1);
  const parts: string[] = [];
  if (restarts) parts.push(`restarted ${restarts}× in this range`);
  else if (exits.length) parts.push(`stopped ${exits.length}× in this range`);
  else parts.push("no restarts in this range");
  if (last) parts.push(`last: ${last.label}`);
  return {
    restarts,
    restartsAt,
    oomKills,
    exits: exits.length,
    text: parts.join(", "),
    last: last ? { at: last.at, label: last.label, href: focusHref(last.at) } : undefined,
  };
}
