// Where the container restarted, the log list shows a separator line between the lines of the
// old process and the new one: "— restarted 14:03:12, exit 137 (OOM killed) —". Pure.
import { formatClock } from "@/lib/model/format";
import type { ExitExplanation, LifecycleResponse } from "@/lib/model/lifecycle";
import type { LogLine } from "@/lib/model/logs";

export interface LogSeparator {
  at: number;
  text: string;
  key: string;
}

export type LogRow = { kind: "line"; line: LogLine } | { kind: "sep"; sep: LogSeparator };

function exitText(x: ExitExplanation | undefined): string {
  if (!x) return "exit code unknown";
  if (x.exitCode === undefined) return x.label;
  return x.label.includes(String(x.exitCode)) ? x.label : `exit ${x.exitCode} (${x.label})`;
}

export function logSeparators(res: LifecycleResponse | undefined): LogSeparator[] {
  if (!res) return [];
  const out: LogSeparator[] = [];
  const restarts = [...res.summary.restartsAt].sort((a, b) => a - b);
  const used = new Set<ExitExplanation>();
  for (const r of restarts) {
    // The exit this restart followed: the newest one before it.
    const x = [...res.exits].reverse().find((e) => e.at <= r);
    if (x) used.add(x);
    out.push({ at: r, key: `restart-${r}`, text: `— restarted ${formatClock(r)}, ${exitText(x)} —` });
  }
  for (const x of res.exits)
    if (!used.has(x))
      out.push({ at: x.at, key: `stop-${x.at}`, text: `— stopped ${formatClock(x.at)}, ${exitText(x)} —` });
  return out.sort((a, b) => b.at - a.at);
}

/**
 * Lines newest first with each separator placed above the first line older than it. Separators
 * older than the oldest loaded line wait for "load older"; linear in lines + separators.
 */
export function interleave(lines: readonly LogLine[], seps: readonly LogSeparator[]): LogRow[] {
  if (!seps.length) return lines.map((line) => ({ kind: "line", line }));
  const desc = [...seps].sort((a, b) => b.at - a.at);
  const out: LogRow[] = [];
  let j = 0;
  for (const line of lines) {
    while (j < desc.length && (desc[j]?.at ?? 0) > line.at) {
      const sep = desc[j++];
      if (sep) out.push({ kind: "sep", sep });
    }
    out.push({ kind: "line", line });
  }
  return out;
}
