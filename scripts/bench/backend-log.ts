// Which backend requests Sightline made while a figure was measured, and how long the mock
// servers (in this process) took to answer them: a request log on node:http's 'request' event.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { median } from "./stats";

interface Entry {
  key: string;
  ms: number;
}

let recording: Entry[] | undefined;
let installed = false;
let names = new Map<number, string>();

function keyOf(req: IncomingMessage, port: number): string {
  const u = new URL(req.url ?? "/", "http://x");
  let p = u.pathname.replace(/\/[0-9a-f]{16,64}(?=\/|$)/g, "/{id}");
  const q = u.searchParams.get("query");
  if (q !== null && /query(_range)?$/.test(p)) p += /^\s*[a-z_]+\s*\(/.test(q) ? " (metric)" : " (log)";
  return `${names.get(port) ?? port} ${req.method} ${p}`;
}

/** Patch once; `urls` names the mock servers by port. */
export function installBackendLog(urls: Partial<Record<string, string>>): void {
  names = new Map(Object.entries(urls).map(([k, u]) => [Number(new URL(u!).port), k]));
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request" && recording) {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const addr = this.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      const t = performance.now();
      const into = recording;
      res.once("finish", () => into.push({ key: keyOf(req, port), ms: performance.now() - t }));
    }
    return (emit as (this: http.Server, e: string, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

export async function recordBackend<T>(fn: () => Promise<T>): Promise<{ result: T; summary: string }> {
  const log: Entry[] = [];
  recording = log;
  try {
    const result = await fn();
    return { result, summary: summarizeLog(log) };
  } finally {
    recording = undefined;
  }
}

function summarizeLog(log: Entry[]): string {
  const by = new Map<string, number[]>();
  for (const e of log) by.set(e.key, [...(by.get(e.key) ?? []), e.ms]);
  const rows = [...by]
    .map(([key, ms]) => ({ key, n: ms.length, med: median(ms), total: ms.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total);
  if (!rows.length) return "no backend requests";
  return [
    "| backend request | count | median ms | total ms |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| ${r.key} | ${r.n} | ${r.med.toFixed(1)} | ${r.total.toFixed(0)} |`),
  ].join("\n");
}
