// Streaming engine endpoints: container logs as Docker's multiplexed frame stream, and
// /events as NDJSON held open until `until` (Podman 4.3 answers an EMPTY body when until
// is not in the future: fixtures/podman-4.3/events_since_until_now.meta.json).
import type { EngineEventSource, EngineLogLine, EngineSource } from "../sources";
import { type EngineFlavor, stream } from "./engine-http";

function tsOf(flavor: EngineFlavor, ns: string): string {
  const n = BigInt(ns);
  const base = new Date(Number(n / 1_000_000n)).toISOString().slice(0, 19);
  if (flavor === "podman") return `${base}Z`; // Podman's API gives whole seconds
  const frac = (n % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return frac ? `${base}.${frac}Z` : `${base}Z`;
}

export function multiplexLogs(
  flavor: EngineFlavor,
  lines: EngineLogLine[],
  opts: { stdout: boolean; stderr: boolean; timestamps: boolean },
): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const frames: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (const l of lines) {
    if ((l.stream === "stdout" && !opts.stdout) || (l.stream === "stderr" && !opts.stderr)) continue;
    const payload = enc.encode(`${opts.timestamps ? `${tsOf(flavor, l.ns)} ` : ""}${l.line}\n`);
    const frame = new Uint8Array(8 + payload.length);
    frame[0] = l.stream === "stdout" ? 1 : 2;
    new DataView(frame.buffer).setUint32(4, payload.length, false);
    frame.set(payload, 8);
    frames.push(frame);
    total += frame.length;
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const f of frames) {
    out.set(f, off);
    off += f.length;
  }
  return out;
}

/** Docker accepts unix seconds with a fraction, or RFC3339. */
export function timeParamMs(raw: string | null): number | undefined {
  if (raw === null || raw === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const t = Date.parse(raw);
  return Number.isFinite(t) ? t : undefined;
}

function render(flavor: EngineFlavor, e: EngineEventSource): Record<string, unknown> {
  const ns = BigInt(e.timeNano);
  const attrs: Record<string, string> = { ...e.attributes };
  let action = e.action;
  if (flavor === "podman") {
    if (action === "destroy") action = "remove";
    attrs.containerExitCode = attrs.exitCode ?? "0";
    attrs.podId = "";
    // Podman 4.3 keeps exitCode only on die, and the health status in a top-level field
    // (lib/backends/engine/__fixtures__/podman-4.3-lifecycle.ndjson).
    const { signal: _signal, health_status, exitCode, ...rest } = attrs;
    if (action === "die" && exitCode !== undefined) rest.exitCode = exitCode;
    const w = wire(action, e, sortKeys(rest), ns);
    return action === "health_status" ? { ...w, HealthStatus: health_status ?? "healthy" } : w;
  }
  if (action === "health_status") {
    action = `health_status: ${attrs.health_status ?? "healthy"}`;
    delete attrs.health_status;
  }
  return wire(action, e, attrs, ns);
}

function sortKeys(a: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));
}

function wire(action: string, e: EngineEventSource, attrs: Record<string, string>, ns: bigint) {
  return {
    status: action,
    id: e.actorId,
    from: attrs.image ?? "",
    Type: e.type,
    Action: action,
    Actor: { ID: e.actorId, Attributes: attrs },
    scope: "local",
    time: Number(ns / 1_000_000_000n),
    timeNano: NS_PLACEHOLDER,
  };
}

function matches(e: EngineEventSource, f: Record<string, string[]>): boolean {
  const ok = (key: string, test: (v: string) => boolean) => !f[key]?.length || f[key].some(test);
  return (
    ok("type", (v) => v === e.type) &&
    ok("event", (v) => e.action === v || (v === "remove" && e.action === "destroy")) &&
    ok("container", (v) => e.actorId.startsWith(v) || e.attributes.name === v) &&
    ok("image", (v) => e.attributes.image === v) &&
    ok("label", (v) => {
      const i = v.indexOf("=");
      return i < 0 ? v in e.attributes : e.attributes[v.slice(0, i)] === v.slice(i + 1);
    })
  );
}

/** Podman 4.3 has no `oom` event: an OOM kill is a die with 137 (__fixtures__/README.md). */
function emits(flavor: EngineFlavor, e: EngineEventSource): boolean {
  return !(flavor === "podman" && e.action === "oom");
}

const POLL_MS = 1000;
const NS_PLACEHOLDER = "\u0000ns\u0000";

/** JSON with timeNano as an exact int64 literal (a JS number would round it). */
function eventJson(flavor: EngineFlavor, e: EngineEventSource): string {
  return JSON.stringify(render(flavor, e)).replace(JSON.stringify(NS_PLACEHOLDER), e.timeNano);
}

export function eventsResponse(
  flavor: EngineFlavor,
  src: EngineSource,
  q: { sinceMs?: number; untilMs?: number; filters: Record<string, string[]> },
): Response {
  const now = src.now();
  const since = q.sinceMs ?? now;
  const enc = new TextEncoder();
  const line = (e: EngineEventSource) => enc.encode(`${eventJson(flavor, e)}\n`);
  if (flavor === "podman" && q.untilMs !== undefined && q.untilMs <= now)
    return stream(flavor, new Uint8Array(0), "application/json");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      let cursor = since;
      const pump = () => {
        const t = src.now();
        const upTo = q.untilMs === undefined ? t : Math.min(q.untilMs, t);
        if (upTo > cursor) {
          for (const e of src.events(cursor, upTo))
            if (matches(e, q.filters) && emits(flavor, e)) controller.enqueue(line(e));
          cursor = upTo;
        }
        if (q.untilMs !== undefined && t >= q.untilMs) {
          controller.close();
          return;
        }
        const wait = q.untilMs === undefined ? POLL_MS : Math.max(1, Math.min(POLL_MS, q.untilMs - t));
        timer = setTimeout(pump, wait);
      };
      pump();
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  });
  return stream(flavor, body, "application/json");
}
