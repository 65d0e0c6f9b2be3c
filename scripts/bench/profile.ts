// CPU profiles (V8 .cpuprofile, from CDP Profiler) → top self-time functions, resolved through
// source maps where the build wrote them (server chunks), else shown with a snippet of the
// minified code at that position (client chunks have no maps in a production build).
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileRow {
  selfMs: number;
  pct: number;
  fn: string;
  where: string;
  snippet?: string;
}

export interface ProfileSummary {
  title: string;
  totalMs: number;
  /** Sampled time that was not idle: (program), GC and JS. */
  busyMs: number;
  gcMs: number;
  top: ProfileRow[];
  /** Self time per script (chunk or original source file). */
  byFile: { file: string; selfMs: number }[];
  /** "heap": a sampling heap profile; the ms fields then hold MB. */
  kind?: "cpu" | "heap";
  /** Time in gaps between samples longer than GAP_MS, attributed to no function. */
  gapMs?: number;
}

/**
 * A gap this long between two samples is not the sampled function's time: the profiler did
 * not run (the process was off the CPU on a busy machine). Attributed, it once showed 380 ms
 * of "self time" in one sample of Next's HeadersAdapter.get and 374 ms in one of undici's
 * bufferToLowerCasedHeaderName (1a, baseline profile).
 */
export const GAP_MS = 50;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const NEXT_DIR = path.join(ROOT, ".next");

/** A profile frame's URL → the built file on disk, when it is one of ours. */
function fileOf(url: string): string | undefined {
  try {
    if (url.startsWith("file://")) return fileURLToPath(url);
    const u = new URL(url);
    if (u.pathname.startsWith("/_next/")) return path.join(NEXT_DIR, decodeURIComponent(u.pathname.slice(7)));
  } catch {}
  return undefined;
}

/** Strings that survive minification and say what a client chunk holds. */
const MARKERS: [string, string][] = [
  ["zrender", "zrender"],
  ["echarts", "echarts"],
  ["hydrateRoot", "react-dom"],
  ["next-router", "next router"],
  ["_zod", "zod"],
  ["QueryClient", "@tanstack/query"],
  ["measureElement", "@tanstack/virtual"],
  ["data-testid", "Sightline UI"],
];

export function markersOf(body: Buffer | string): string {
  const text = typeof body === "string" ? body : body.toString("latin1");
  return MARKERS.filter(([m]) => text.includes(m))
    .map(([, label]) => label)
    .filter((l, i, a) => a.indexOf(l) === i)
    .join(", ");
}

const chunkLabels = new Map<string, string>();

/** "chunks/abc.js [react-dom]" for a minified client chunk. */
function labelled(file: string, rel: string): string {
  if (!rel.startsWith(".next/static/")) return rel;
  if (!chunkLabels.has(file)) {
    const lines = linesOf(file);
    chunkLabels.set(file, lines ? markersOf(lines.join("\n")) : "");
  }
  const m = chunkLabels.get(file);
  return m ? `${rel} [${m}]` : rel;
}

const maps = new Map<string, SourceMap | null>();
const texts = new Map<string, string[] | null>();

function mapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let m: SourceMap | null = null;
    try {
      if (existsSync(`${file}.map`)) m = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {}
    maps.set(file, m);
  }
  return maps.get(file) ?? null;
}

function linesOf(file: string): string[] | null {
  if (!texts.has(file)) {
    let t: string[] | null = null;
    try {
      t = readFileSync(file, "utf8").split("\n");
    } catch {}
    texts.set(file, t);
  }
  return texts.get(file) ?? null;
}

function shortPath(p: string): string {
  let s = p.replace(/^(?:webpack|turbopack|file):\/\/\/?/, "");
  if (s.startsWith(`${ROOT}/`)) s = s.slice(ROOT.length + 1);
  const i = s.indexOf("[project]/");
  if (i >= 0) s = s.slice(i + 10);
  return s.replace(/^.*?\/?(node_modules\/)/, "$1").replace(/^(?:\.\.\/)+/, "");
}

function resolve(cf: CallFrame): { fn: string; where: string; file: string; snippet?: string } {
  const fn = cf.functionName || "(anonymous)";
  if (!cf.url) {
    // Functions of scripts without a URL are the bench's own page.evaluate code (bench*).
    if (cf.lineNumber >= 0) return { fn, where: "bench script (page.evaluate)", file: "bench script" };
    return { fn, where: "", file: fn.startsWith("(") ? fn : "(native)" };
  }
  const file = fileOf(cf.url);
  const short = cf.url.replace(/^https?:\/\/[^/]+/, "").replace(/^file:\/\//, "");
  if (file) {
    const m = mapOf(file);
    if (m) {
      const e = m.findEntry(cf.lineNumber, cf.columnNumber) as {
        originalSource?: string;
        originalLine?: number;
        originalColumn?: number;
        name?: string;
      };
      if (e?.originalSource) {
        const src = shortPath(e.originalSource);
        return {
          fn: e.name && fn === "(anonymous)" ? e.name : fn,
          where: `${src}:${(e.originalLine ?? 0) + 1}`,
          file: src,
        };
      }
    }
    const line = linesOf(file)?.[cf.lineNumber];
    const snippet = line
      ?.slice(Math.max(0, cf.columnNumber - 10), cf.columnNumber + 90)
      .replace(/\s+/g, " ")
      .replace(/\|/g, "¦");
    const rel = shortPath(file);
    return { fn, where: `${rel}:${cf.lineNumber + 1}:${cf.columnNumber + 1}`, file: labelled(file, rel), snippet };
  }
  return { fn, where: `${shortPath(short)}:${cf.lineNumber + 1}`, file: shortPath(short) };
}

export function summarize(title: string, p: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let gapMs = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? 0) / 1000; // µs → ms; sample i lasts until sample i+1
    if (dt > GAP_MS) {
      gapMs += dt;
      continue;
    }
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + dt);
  }
  const totalMs = (p.endTime - p.startTime) / 1000;
  const agg = new Map<string, ProfileRow & { file: string }>();
  const files = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  for (const [id, ms] of self) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    if (cf.functionName === "(idle)") {
      idle += ms;
      continue;
    }
    if (cf.functionName === "(garbage collector)") gc += ms;
    const r = resolve(cf);
    const key = `${r.fn}@${r.where}`;
    const a = agg.get(key) ?? { selfMs: 0, pct: 0, fn: r.fn, where: r.where, snippet: r.snippet, file: r.file };
    a.selfMs += ms;
    agg.set(key, a);
    files.set(r.file, (files.get(r.file) ?? 0) + ms);
  }
  const busyMs = [...agg.values()].reduce((s, r) => s + r.selfMs, 0);
  const rows = [...agg.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map(({ file: _f, ...r }) => ({ ...r, pct: busyMs ? (100 * r.selfMs) / busyMs : 0 }));
  const byFile = [...files]
    .map(([file, selfMs]) => ({ file, selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 8);
  void idle;
  return { title, totalMs, busyMs, gcMs: gc, top: rows, byFile, gapMs };
}

export function summaryMarkdown(s: ProfileSummary): string {
  if (s.kind === "heap") {
    return [
      `### ${s.title}`,
      "",
      `Sampling heap profile after a forced GC: ${s.busyMs.toFixed(1)} MB live, by the function that allocated it.`,
      "",
      "| live MB | % | allocated in | where | code at that position (minified chunks) |",
      "|---:|---:|---|---|---|",
      ...s.top.map(
        (r) =>
          `| ${r.selfMs.toFixed(2)} | ${r.pct.toFixed(1)} | \`${r.fn.replace(/\|/g, "¦")}\` | ${r.where || "–"} | ${r.snippet ? `\`${r.snippet.replace(/`/g, "'")}\`` : ""} |`,
      ),
      "",
      `By file: ${s.byFile.map((f) => `${f.file} ${f.selfMs.toFixed(1)} MB`).join(" · ")}`,
      "",
    ].join("\n");
  }
  const out = [
    `### ${s.title}`,
    "",
    `Profiled ${s.totalMs.toFixed(0)} ms wall time; ${s.busyMs.toFixed(0)} ms on the CPU (the rest idle: waiting for the network, the server or the next frame), of which GC ${s.gcMs.toFixed(0)} ms${s.gapMs ? `; ${s.gapMs.toFixed(0)} ms fell in gaps of more than ${GAP_MS} ms between samples (the process not running), attributed to nothing` : ""}. \`(program)\` is work V8 does not attribute to a JS function (in the browser: parsing and compiling scripts, style, layout, paint).`,
    "",
    "| self ms | % of busy | function | where | code at that position (minified chunks) |",
    "|---:|---:|---|---|---|",
    ...s.top.map(
      (r) =>
        `| ${r.selfMs.toFixed(1)} | ${r.pct.toFixed(1)} | \`${r.fn.replace(/\|/g, "¦")}\` | ${r.where || "–"} | ${r.snippet ? `\`${r.snippet.replace(/`/g, "'")}\`` : ""} |`,
    ),
    "",
    `By file: ${s.byFile.map((f) => `${f.file} ${f.selfMs.toFixed(0)} ms`).join(" · ")}`,
    "",
  ];
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Sampling heap profiles (CDP HeapProfiler.startSampling/stopSampling): live bytes by the
// function that allocated them.

export interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  id: number;
  children: HeapNode[];
}

export interface SamplingHeapProfile {
  head: HeapNode;
}

export function summarizeHeap(title: string, p: SamplingHeapProfile, top = 15): ProfileSummary {
  const agg = new Map<string, ProfileRow & { file: string }>();
  const files = new Map<string, number>();
  let total = 0;
  const visit = (n: HeapNode) => {
    if (n.selfSize > 0) {
      const r = resolve(n.callFrame);
      const key = `${r.fn}@${r.where}`;
      const a = agg.get(key) ?? { selfMs: 0, pct: 0, fn: r.fn, where: r.where, snippet: r.snippet, file: r.file };
      a.selfMs += n.selfSize / 1e6; // MB in the "self" column
      agg.set(key, a);
      files.set(r.file, (files.get(r.file) ?? 0) + n.selfSize / 1e6);
      total += n.selfSize / 1e6;
    }
    for (const c of n.children) visit(c);
  };
  visit(p.head);
  const rows = [...agg.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map(({ file: _f, ...r }) => ({ ...r, pct: total ? (100 * r.selfMs) / total : 0 }));
  const byFile = [...files]
    .map(([file, selfMs]) => ({ file, selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 8);
  return { title, totalMs: Number.NaN, busyMs: total, gcMs: 0, top: rows, byFile, kind: "heap" };
}
