// How to reach one cluster: server URL, TLS material and a token source. Three ways in:
// in-cluster (the pod's service account, token re-read as the kubelet rotates it), a context
// of the kubeconfig that KUBECONFIG names (as kubectl merges it), or a plain URL (kubectl proxy).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { KubernetesEndpoint } from "../../config";
import { BackendError } from "../../model/errors";

export interface KubeTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface KubeCredentials {
  /** API server base URL without trailing slash. */
  server: string;
  tls: KubeTls;
  /** Authorization header value, if any; re-reads rotating tokens. */
  authorization(): Promise<string | undefined>;
  /** Forget a cached token (after a 401) so the next call reads it afresh. */
  invalidate(): void;
  /** Where the credentials came from, for messages (never a secret). */
  describe: string;
}

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
/** client-go re-reads a projected token at least this often; the kubelet rotates well before expiry. */
const TOKEN_REREAD_MS = 60_000;

const fail = (message: string) => new BackendError("kubernetes", "config", message);

/** A token file re-read every minute and after a 401. */
export function tokenFileSource(file: string, now: () => number = Date.now) {
  let cached: { token: string; at: number } | undefined;
  return {
    async token(): Promise<string> {
      if (cached && now() - cached.at < TOKEN_REREAD_MS) return cached.token;
      let t: string;
      try {
        t = (await readFile(file, "utf8")).trim();
      } catch (err) {
        throw fail(`cannot read the token file ${file}: ${(err as Error).message}`);
      }
      if (!t) throw fail(`the token file ${file} is empty`);
      cached = { token: t, at: now() };
      return t;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export interface InClusterOptions {
  env?: Record<string, string | undefined>;
  dir?: string;
  now?: () => number;
}

export function inClusterCredentials(opts: InClusterOptions = {}): KubeCredentials {
  const env = opts.env ?? process.env;
  const dir = opts.dir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  if (!host) throw fail("kubernetes://in-cluster: KUBERNETES_SERVICE_HOST is not set; is Sightline running in a pod?");
  let ca: Buffer;
  try {
    ca = readFileSync(path.join(dir, "ca.crt"));
  } catch (err) {
    throw fail(`kubernetes://in-cluster: cannot read ${path.join(dir, "ca.crt")}: ${(err as Error).message}`);
  }
  const tok = tokenFileSource(path.join(dir, "token"), opts.now);
  const h = host.includes(":") ? `[${host}]` : host;
  return {
    server: `https://${h}:${port}`,
    tls: { ca, rejectUnauthorized: true },
    authorization: async () => `Bearer ${await tok.token()}`,
    invalidate: tok.invalidate,
    describe: "in-cluster service account",
  };
}

export function urlCredentials(url: string): KubeCredentials {
  return {
    server: url.replace(/\/+$/, ""),
    tls: { rejectUnauthorized: true },
    authorization: async () => undefined,
    invalidate: () => undefined,
    describe: url,
  };
}

// ----------------------------------------------------------------------------------------
// kubeconfig

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const s = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

interface Named {
  value: Obj;
  dir: string;
}

export interface KubeconfigOptions {
  env?: Record<string, string | undefined>;
  now?: () => number;
}

/** The files KUBECONFIG names (path-list separator `:`), or ~/.kube/config. */
export function kubeconfigFiles(env: Record<string, string | undefined>): string[] {
  const v = env.KUBECONFIG;
  if (v) return v.split(path.delimiter).filter(Boolean);
  return [path.join(env.HOME ?? homedir(), ".kube", "config")];
}

/** kubectl's merge: the first file to define a name wins. */
function loadMerged(files: string[]) {
  const clusters = new Map<string, Named>();
  const users = new Map<string, Named>();
  const contexts = new Map<string, Named>();
  let read = 0;
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch {
      continue; // kubectl ignores missing files in the list
    }
    read++;
    let doc: unknown;
    try {
      doc = parseYaml(text, { maxAliasCount: 100 });
    } catch (err) {
      throw fail(`kubeconfig ${f} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (!isObj(doc)) continue;
    const dir = path.dirname(path.resolve(f));
    const add = (list: unknown, key: string, into: Map<string, Named>) => {
      if (!Array.isArray(list)) return;
      for (const e of list) {
        if (!isObj(e)) continue;
        const name = s(e.name);
        const value = e[key];
        if (name && isObj(value) && !into.has(name)) into.set(name, { value, dir });
      }
    };
    add(doc.clusters, "cluster", clusters);
    add(doc.users, "user", users);
    add(doc.contexts, "context", contexts);
  }
  if (!read) throw fail(`no kubeconfig file could be read (${files.join(", ")})`);
  return { clusters, users, contexts };
}

function fileOrData(n: Named, fileKey: string, dataKey: string): Buffer | undefined {
  const data = s(n.value[dataKey]);
  if (data) return Buffer.from(data, "base64");
  const file = s(n.value[fileKey]);
  if (!file) return undefined;
  const p = path.isAbsolute(file) ? file : path.join(n.dir, file);
  try {
    return readFileSync(p);
  } catch (err) {
    throw fail(`kubeconfig: cannot read ${fileKey} ${p}: ${(err as Error).message}`);
  }
}

export function kubeconfigCredentials(context: string, opts: KubeconfigOptions = {}): KubeCredentials {
  const env = opts.env ?? process.env;
  const files = kubeconfigFiles(env);
  const cfg = loadMerged(files);
  const ctx = cfg.contexts.get(context);
  if (!ctx) {
    const known = [...cfg.contexts.keys()].slice(0, 10).join(", ") || "(none)";
    throw fail(`kubeconfig has no context ${JSON.stringify(context)}; contexts: ${known}`);
  }
  const clusterName = s(ctx.value.cluster);
  const cluster = clusterName ? cfg.clusters.get(clusterName) : undefined;
  if (!cluster)
    throw fail(`kubeconfig context ${context} names cluster ${clusterName ?? "(none)"}, which is not defined`);
  const server = s(cluster.value.server);
  if (!server) throw fail(`kubeconfig cluster ${clusterName} has no server`);
  const userName = s(ctx.value.user);
  const user = userName ? cfg.users.get(userName) : undefined;
  const tls: KubeTls = {
    ca: fileOrData(cluster, "certificate-authority", "certificate-authority-data"),
    rejectUnauthorized: cluster.value["insecure-skip-tls-verify"] !== true,
    servername: s(cluster.value["tls-server-name"]),
  };
  let authorization: () => Promise<string | undefined> = async () => undefined;
  let invalidate: () => void = () => undefined;
  if (user) {
    tls.cert = fileOrData(user, "client-certificate", "client-certificate-data");
    tls.key = fileOrData(user, "client-key", "client-key-data");
    const token = s(user.value.token);
    const tokenFile = s(user.value.tokenFile);
    const exec = user.value.exec;
    const username = s(user.value.username);
    if (token) authorization = async () => `Bearer ${token}`;
    else if (tokenFile) {
      const src = tokenFileSource(path.isAbsolute(tokenFile) ? tokenFile : path.join(user.dir, tokenFile), opts.now);
      authorization = async () => `Bearer ${await src.token()}`;
      invalidate = src.invalidate;
    } else if (isObj(exec)) {
      const src = execTokenSource(exec, user.dir, env, server, opts.now);
      authorization = async () => `Bearer ${await src.token()}`;
      invalidate = src.invalidate;
    } else if (username) {
      const basic = Buffer.from(`${username}:${s(user.value.password) ?? ""}`).toString("base64");
      authorization = async () => `Basic ${basic}`;
    } else if (isObj(user.value["auth-provider"])) {
      throw fail(
        `kubeconfig user ${userName} uses an auth-provider, which Sightline does not run; use exec or a token`,
      );
    }
  }
  return {
    server: server.replace(/\/+$/, ""),
    tls,
    authorization,
    invalidate,
    describe: `kubeconfig context ${context}`,
  };
}

const EXEC_TIMEOUT_MS = 30_000;

/** client.authentication.k8s.io exec plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin…). */
function execTokenSource(
  exec: Obj,
  dir: string,
  env: Record<string, string | undefined>,
  server: string,
  now = Date.now,
) {
  const command = s(exec.command);
  if (!command) throw fail("kubeconfig exec plugin has no command");
  const args = Array.isArray(exec.args) ? exec.args.filter((a): a is string => typeof a === "string") : [];
  const extraEnv: Record<string, string> = {};
  if (Array.isArray(exec.env))
    for (const e of exec.env) if (isObj(e) && s(e.name)) extraEnv[s(e.name) as string] = String(e.value ?? "");
  const apiVersion = s(exec.apiVersion) ?? "client.authentication.k8s.io/v1";
  const cmd = command.includes("/") && !path.isAbsolute(command) ? path.join(dir, command) : command;
  let cached: { token: string; until: number } | undefined;
  let inflight: Promise<string> | undefined;
  const run = () =>
    new Promise<string>((resolve, reject) => {
      const info = JSON.stringify({
        apiVersion,
        kind: "ExecCredential",
        spec: { interactive: false, cluster: { server } },
      });
      execFile(
        cmd,
        args,
        {
          env: { ...(env as NodeJS.ProcessEnv), ...extraEnv, KUBERNETES_EXEC_INFO: info },
          timeout: EXEC_TIMEOUT_MS,
          maxBuffer: 1024 * 1024,
        },
        (err, stdout, stderr) => {
          if (err) return reject(fail(`exec plugin ${command} failed: ${(stderr || err.message).slice(0, 300)}`));
          try {
            const out = JSON.parse(stdout) as { status?: { token?: string; expirationTimestamp?: string } };
            const token = out.status?.token;
            if (!token) return reject(fail(`exec plugin ${command} returned no status.token`));
            const exp = out.status?.expirationTimestamp ? Date.parse(out.status.expirationTimestamp) : Number.NaN;
            cached = { token, until: Number.isFinite(exp) ? exp - 30_000 : now() + 5 * 60_000 };
            resolve(token);
          } catch {
            reject(fail(`exec plugin ${command} printed no ExecCredential JSON`));
          }
        },
      );
    });
  return {
    token(): Promise<string> {
      if (cached && now() < cached.until) return Promise.resolve(cached.token);
      inflight ??= run().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export function credentialsFor(
  ep: KubernetesEndpoint,
  opts: KubeconfigOptions & InClusterOptions = {},
): KubeCredentials {
  switch (ep.mode) {
    case "in-cluster":
      return inClusterCredentials(opts);
    case "context":
      return kubeconfigCredentials(ep.context ?? "", opts);
    case "url":
      return urlCredentials(ep.url ?? "");
  }
}
