// Loki wire shapes → lib/model. Wire types stop here (DESIGN.md §8.2).
import { capLine, parseLogLine } from "../../model/log-parse";
import type { LogLine, LogTailFrame } from "../../model/logs";
import { type InstantSample, type Labels, parseSampleValue, type Series } from "../../model/series";
import { compareNanos, type NanosString, nanosToMillis, secondsToMillis } from "../../model/time";
import type { BuildInfo } from "../types";
import type { LokiBuildInfo, LokiMatrixItem, LokiStream, LokiTailFrame, LokiVectorItem } from "./schemas";

export type Direction = "backward" | "forward";

/** FNV-1a (32 bit) of the sorted label set: label order from Loki is Go map order, not stable. */
export function labelsHash(labels: Labels): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join("\u0001");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

interface Entry {
  ts: NanosString;
  line: string;
  stream: Labels;
  meta: Labels;
  hash: string;
}

/**
 * Merge all streams into one timeline ordered by the exact nanosecond string: newest first for
 * backward, oldest first for forward. Loki only orders entries *within* a stream
 * (fixtures README, Surprises), so this is the client-side merge.
 */
export function streamsToLines(streams: LokiStream[], direction: Direction): LogLine[] {
  const entries: Entry[] = [];
  for (const s of streams) {
    for (const [ts, line, categorized] of s.values) {
      // With categorize-labels, parsed labels belong with the stream labels (as without the flag).
      const stream = categorized?.parsed ? { ...s.stream, ...categorized.parsed } : { ...s.stream };
      entries.push({
        ts,
        line,
        stream,
        meta: { ...(categorized?.structuredMetadata ?? {}) },
        hash: labelsHash(stream),
      });
    }
  }
  const sign = direction === "backward" ? -1 : 1;
  // Stable sort; the hash tie-break makes equal timestamps independent of Loki's stream order.
  entries.sort((a, b) => sign * compareNanos(a.ts, b.ts) || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));

  const seen = new Map<string, number>();
  return entries.map((e) => {
    const base = `${e.ts}-${e.hash}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const parsed = parseLogLine(e.line, e.meta, e.stream);
    const shown = capLine(e.line);
    const out: LogLine = {
      ts: e.ts,
      at: nanosToMillis(e.ts),
      stream: e.stream,
      structuredMetadata: e.meta,
      line: shown.line,
      level: parsed.level,
      fields: parsed.fields,
      key: `${base}-${n}`,
    };
    if (shown.length !== undefined) out.lineLength = shown.length;
    if (parsed.traceId) out.traceId = parsed.traceId;
    if (parsed.spanId) out.spanId = parsed.spanId;
    return out;
  });
}

export function matrixToSeries(result: LokiMatrixItem[]): Series[] {
  // Loki aligns metric steps, so points may lie just outside the requested range: kept as sent.
  return result.map((s) => ({
    labels: { ...s.metric },
    points: s.values.map(([ts, v]) => [secondsToMillis(ts), parseSampleValue(v)]),
  }));
}

export function vectorToSamples(result: LokiVectorItem[]): InstantSample[] {
  return result.map((s) => ({
    labels: { ...s.metric },
    at: secondsToMillis(s.value[0]),
    value: parseSampleValue(s.value[1]),
  }));
}

/** Tail frames hold one entry per stream object and repeat label sets; lines come oldest first. */
export function toTailFrame(frame: LokiTailFrame): LogTailFrame {
  return {
    lines: streamsToLines(frame.streams ?? [], "forward"),
    dropped: (frame.dropped_entries ?? []).map((d) => ({ labels: { ...d.labels }, ts: d.timestamp })),
  };
}

export function toBuildInfo(b: LokiBuildInfo): BuildInfo {
  // Loki built from source reports empty strings (fixtures README): say "unknown" rather than "".
  return { version: b.version || "unknown", revision: b.revision || undefined };
}
