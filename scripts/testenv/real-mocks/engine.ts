// The little of the Docker-compatible API the real mocks need, over the real Podman unix
// socket: the container list, each container's hostname, and its multiplexed log stream.
import http from "node:http";

export interface EngineContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface EngineReply {
  status: number;
  body: Buffer;
}

export function engineGet(socketPath: string, path: string, timeoutMs = 10_000): Promise<EngineReply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path, headers: { Host: "d" }, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`engine ${path}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

async function engineJson(socketPath: string, path: string): Promise<unknown> {
  const r = await engineGet(socketPath, path);
  if (r.status >= 300) throw new Error(`engine ${path}: HTTP ${r.status} ${r.body.toString("utf8").slice(0, 200)}`);
  return JSON.parse(r.body.toString("utf8"));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function stringRecord(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Every container the engine knows (running or not): a stopped one's logs stay queryable. */
export async function listContainers(socketPath: string): Promise<EngineContainer[]> {
  const body = await engineJson(socketPath, "/v1.41/containers/json?all=1");
  if (!Array.isArray(body)) throw new Error("engine /containers/json: not an array");
  return body.flatMap((c: unknown) => {
    if (!isRecord(c) || typeof c.Id !== "string" || !Array.isArray(c.Names)) return [];
    const first = c.Names.find((n): n is string => typeof n === "string") ?? c.Id;
    return [{ id: c.Id, name: first.replace(/^\//, ""), labels: stringRecord(c.Labels) }];
  });
}

/** Config.Hostname: what an OTel resource detector inside the container reports as host.name. */
export async function containerHostname(socketPath: string, id: string): Promise<string | undefined> {
  const body = await engineJson(socketPath, `/v1.41/containers/${id}/json`);
  const cfg = isRecord(body) ? body.Config : undefined;
  return isRecord(cfg) && typeof cfg.Hostname === "string" && cfg.Hostname ? cfg.Hostname : undefined;
}
