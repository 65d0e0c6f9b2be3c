// Fault modes a mock backend can be switched into at run time, and the bodies they send.
import type { ServerResponse } from "node:http";

export const FAULT_MODES = [
  "none",
  "refuse",
  "hang",
  "html500",
  "truncated",
  "badjson",
  "huge",
  "slow",
  "stall",
  "dropped",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  mode: FaultMode;
  /** For "slow" and "stall" (default 3000 ms). */
  delayMs?: number;
}

export const BACKENDS = ["prometheus", "loki", "jaeger", "engine", "tempo", "kubernetes"] as const;
export type BackendKind = (typeof BACKENDS)[number];

export function isFaultMode(s: unknown): s is FaultMode {
  return typeof s === "string" && (FAULT_MODES as readonly string[]).includes(s);
}

export function isBackend(s: unknown): s is BackendKind {
  return typeof s === "string" && (BACKENDS as readonly string[]).includes(s);
}

export const DEFAULT_SLOW_MS = 3000;
export const HUGE_BYTES = 80 * 1024 * 1024;

/** What an nginx in front of a dead upstream answers. */
export const NGINX_500 = `<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
`;

/** Valid JSON, wrong shape for every backend's schema. */
export const BAD_JSON = JSON.stringify({ ok: true, results: "not what you expected", items: [1, 2, 3], data: 42 });

export function sendHtml500(res: ServerResponse): void {
  const body = Buffer.from(NGINX_500);
  res.writeHead(500, "Internal Server Error", {
    Server: "nginx/1.22.1",
    "Content-Type": "text/html",
    "Content-Length": String(body.length),
  });
  res.end(body);
}

export function sendBadJson(res: ServerResponse): void {
  const body = Buffer.from(BAD_JSON);
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
  res.end(body);
}

/** ~80 MB of valid JSON, streamed with backpressure and no Content-Length. */
export async function sendHuge(res: ServerResponse): Promise<void> {
  res.writeHead(200, { "Content-Type": "application/json" });
  const item = Buffer.from(`{"metric":{"__name__":"padding","pad":"${"x".repeat(180)}"},"values":[[1700000000,"1"]]},`);
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(65536 / item.length) }, () => item));
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => {
      if (res.destroyed || res.write(b)) return resolve();
      // A client that gave up never drains: stop on close too.
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  await write(Buffer.from('{"status":"success","data":{"resultType":"matrix","result":['));
  for (let sent = 0; sent < HUGE_BYTES && !res.destroyed; sent += chunk.length) await write(chunk);
  if (!res.destroyed) res.end('{"metric":{},"values":[]}]}}');
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}
