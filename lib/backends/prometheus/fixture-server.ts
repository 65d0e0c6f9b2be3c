// Test support (imported only by *.test.ts): load the recorded fixtures in ../shared/fixtures
// and replay them from a real node:http server so the real client and transport are exercised.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repo is cloned with shared/ beside it: /work/main + /work/shared. */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/fixtures");

const metaSchema = z.object({
  request: z.object({
    method: z.string(),
    path: z.string(),
    query: z.array(z.tuple([z.string(), z.string()])).optional(),
  }),
  response: z.object({
    status: z.number(),
    content_type: z.string().optional(),
    body_file: z.string(),
  }),
});
export type FixtureMeta = z.infer<typeof metaSchema>;

export interface Reply {
  status: number;
  /** Omitted when the recording had no Content-Type. */
  contentType?: string;
  body: string;
}

export function fixturePath(dir: string, file: string): string {
  return path.join(FIXTURES_DIR, dir, file);
}

export function readFixtureText(dir: string, file: string): string {
  return fs.readFileSync(fixturePath(dir, file), "utf8");
}

export function readFixtureJson(dir: string, file: string): unknown {
  return JSON.parse(readFixtureText(dir, file));
}

export function readMeta(dir: string, name: string): FixtureMeta {
  return metaSchema.parse(readFixtureJson(dir, `${name}.meta.json`));
}

/** Body plus the recorded status and Content-Type of `<name>.meta.json`. */
export function recordedReply(dir: string, name: string): Reply {
  const meta = readMeta(dir, name);
  const ct = meta.response.content_type;
  return {
    status: meta.response.status,
    contentType: ct && ct !== "(none)" ? ct : undefined,
    body: readFixtureText(dir, meta.response.body_file),
  };
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A route answers with a reply, or "hang" to never answer (timeouts). */
export type Route = (req: SeenRequest) => Reply | "hang" | undefined;

export interface FakeServer {
  baseUrl: string;
  port: number;
  requests: SeenRequest[];
  server: http.Server;
  close(): Promise<void>;
}

export async function startFakeServer(route: Route): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const seen: SeenRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      const reply = route(seen);
      if (reply === "hang") return;
      const r = reply ?? { status: 404, contentType: "text/plain", body: `no fixture for ${seen.path}` };
      const headers: Record<string, string> = { "Content-Length": String(Buffer.byteLength(r.body)) };
      if (r.contentType) headers["Content-Type"] = r.contentType;
      res.writeHead(r.status, headers);
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = portOf(server);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function portOf(server: http.Server): number {
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("server is not listening on TCP");
  return addr.port;
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = portOf(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
