// Following a container's log through the engine's logs API (`timestamps=1`, non-TTY frames),
// pass after pass, without losing or repeating lines. One copy for the three followers: the
// Loki shipper, the request-metrics exporter and the real-mocks log store.
//
// Podman 4.3 stamps lines with whole seconds while `since` compares with the full-precision
// time, so each pass re-reads from the last second seen and skips the lines of it already taken.
import { demuxFrames } from "./lib.mjs";

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** RFC3339 → unix nanoseconds (bigint); undefined when not a timestamp. */
export function parseTimestamp(raw) {
  const m = TS.exec(raw);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (!Number.isFinite(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
}

/** A new cursor: nothing read yet. */
export const newCursor = () => ({ sec: 0, seen: 0 });

/** The logs API path of the next pass for this cursor. */
export const logsPath = (id, cursor) =>
  `/v1.41/containers/${id}/logs?stdout=1&stderr=1&timestamps=1&since=${cursor.sec}`;

/**
 * The lines of a logs body the cursor has not seen, in order, as { ns, text }; advances the
 * cursor. Lines without a timestamp are skipped; a truncated last frame is read next pass.
 */
export function* unseenLines(body, cursor) {
  let skip = cursor.seen;
  for (const { payload } of demuxFrames(body)) {
    for (const raw of payload.split("\n")) {
      if (!raw) continue;
      const sp = raw.indexOf(" ");
      const ns = sp > 0 ? parseTimestamp(raw.slice(0, sp)) : undefined;
      if (ns === undefined) continue;
      const sec = Number(ns / 1_000_000_000n);
      if (sec === cursor.sec && skip > 0) {
        skip--;
        continue;
      }
      if (sec !== cursor.sec) {
        cursor.sec = sec;
        cursor.seen = 0;
        skip = 0;
      }
      cursor.seen++;
      yield { ns, text: raw.slice(sp + 1) };
    }
  }
}
