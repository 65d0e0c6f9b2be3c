// Environment parsed once with zod. A bad value stops start-up with a message naming the
// variable. With no backend configured, Sightline runs on the built-in demo world.
import { z } from "zod";
import { setSecrets } from "./model/redact";
import { type AuthConfig, parseAuthConfig } from "./auth/config";
import { type LimitsConfig, parseLimitsConfig } from "./limits-config";

const urlVar = (name: string) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      try {
        const u = new URL(s);
        if (u.protocol !== "http:" && u.protocol !== "https:") {
          ctx.addIssue({ code: "custom", message: `${name} must be an http(s) URL, got scheme ${u.protocol}` });
          return z.NEVER;
        }
        return s.replace(/\/+$/, "");
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} is not a URL: ${JSON.stringify(s)}` });
        return z.NEVER;
      }
    });

const positiveInt = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be greater than 0`);

/** `K=V,K2=V2` or a JSON object. */
const headersVar = (name: string) =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    if (!t) return {} as Record<string, string>;
    if (t.startsWith("{")) {
      try {
        const parsed = z.record(z.string(), z.string()).parse(JSON.parse(t));
        return parsed;
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} must be a JSON object of strings or K=V,K2=V2` });
        return z.NEVER;
      }
    }
    const out: Record<string, string> = {};
    for (const part of t.split(",")) {
      const i = part.indexOf("=");
      if (i <= 0) {
        ctx.addIssue({ code: "custom", message: `${name}: ${JSON.stringify(part)} is not K=V` });
        return z.NEVER;
      }
      out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
    return out;
  });

export interface BackendAuth {
  bearerToken?: string;
  basicAuth?: { user: string; password: string };
  headers: Record<string, string>;
}

export interface HttpBackendConfig {
  url: string;
  timeoutMs: number;
  auth: BackendAuth;
}

export interface EngineEndpoint {
  /** "unix:///run/podman/podman.sock" or "http://host:2375" as given. */
  raw: string;
  socketPath?: string;
  baseUrl?: string;
  /** A Kubernetes cluster (`kubernetes://…`), listed through the API server instead of an engine. */
  kubernetes?: KubernetesEndpoint;
}

export interface KubernetesEndpoint {
  /** `in-cluster`: the pod's service account; `context`: a KUBECONFIG context; `url`: an API URL (kubectl proxy). */
  mode: "in-cluster" | "context" | "url";
  context?: string;
  url?: string;
  /** Display name, from `?cluster=`; defaults to the context name, `in-cluster`, or host:port. */
  cluster: string;
  /** Only these namespaces (`?namespace=a&namespace=b`); all when empty. */
  namespaces: string[];
}

/** `kubernetes://in-cluster`, `kubernetes://<context>`, `kubernetes+http(s)://host:port`, each with `?cluster=&namespace=`. */
export function parseKubernetesEndpoint(raw: string): KubernetesEndpoint | string {
  const m = /^kubernetes(\+https?)?:\/\/([^?#]*)(?:\?([^#]*))?$/.exec(raw);
  if (!m)
    return `ENGINE_URLS: ${raw} is not kubernetes://in-cluster, kubernetes://<context> or kubernetes+https://host:port`;
  const q = new URLSearchParams(m[3] ?? "");
  const unknown = [...q.keys()].filter((k) => k !== "cluster" && k !== "namespace");
  if (unknown.length) return `ENGINE_URLS: ${raw}: unknown parameter ${unknown[0]} (use cluster= or namespace=)`;
  const namespaces = q.getAll("namespace").filter(Boolean);
  const target = decodeURIComponent(m[2] ?? "");
  if (m[1]) {
    const url = `${m[1].slice(1)}://${target}`.replace(/\/+$/, "");
    try {
      const u = new URL(url);
      return { mode: "url", url, cluster: q.get("cluster") || u.host, namespaces };
    } catch {
      return `ENGINE_URLS: ${raw} is not a URL`;
    }
  }
  if (!target) return `ENGINE_URLS: ${raw} names no context (kubernetes://in-cluster or kubernetes://<context>)`;
  if (target === "in-cluster") return { mode: "in-cluster", cluster: q.get("cluster") || "in-cluster", namespaces };
  return { mode: "context", context: target, cluster: q.get("cluster") || target, namespaces };
}

export interface AppConfig {
  demo: boolean;
  port: number;
  prometheus?: HttpBackendConfig;
  loki?: HttpBackendConfig;
  jaeger?: HttpBackendConfig;
  /** Grafana Tempo as a trace backend (instead of or besides Jaeger). */
  tempo?: HttpBackendConfig;
  engines: EngineEndpoint[];
  engineTimeoutMs: number;
  maxResponseBytes: number;
  /** Cap on one trace's body (decoded as it streams in, never held whole). */
  maxTraceBytes: number;
  frameAncestors: string;
  grafana?: { url: string; prometheusUid?: string; lokiUid?: string; jaegerUid?: string };
  jaegerUiUrl?: string;
  correlationFile?: string;
  /** The address `npm start` and the image listen on (HOST; default 127.0.0.1). */
  host: string;
  /** One JSON line per request on stdout (SIGHTLINE_REQUEST_LOG, default on). */
  requestLog: boolean;
  /** Backends that must answer for /readyz to pass (SIGHTLINE_READY_REQUIRES; default none). */
  readyRequires: ReadyBackend[];
  /** Access control (lib/auth/config.ts). */
  auth: AuthConfig;
  /** Live-tail caps, backend governor, trusted proxies (lib/limits-config.ts). */
  limits: LimitsConfig;
}

/** What the UI calls the trace store: the configured backend(s), never "Jaeger" for a Tempo. */
export function traceBackendLabel(cfg: Pick<AppConfig, "jaeger" | "tempo">): string {
  if (cfg.jaeger && cfg.tempo) return "Jaeger + Tempo";
  return cfg.tempo ? "Tempo" : "Jaeger";
}

export const READY_BACKENDS = ["prometheus", "loki", "jaeger", "engine"] as const;
export type ReadyBackend = (typeof READY_BACKENDS)[number];

const engineList = z.string().transform((s, ctx) => {
  const out: EngineEndpoint[] = [];
  for (const raw of s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (raw.startsWith("kubernetes")) {
      const k = parseKubernetesEndpoint(raw);
      if (typeof k === "string") {
        ctx.addIssue({ code: "custom", message: k });
        return z.NEVER;
      }
      if (out.some((e) => e.kubernetes?.cluster === k.cluster)) {
        ctx.addIssue({
          code: "custom",
          message: `ENGINE_URLS: two clusters named ${k.cluster}; name them with ?cluster=`,
        });
        return z.NEVER;
      }
      out.push({ raw, kubernetes: k });
    } else if (raw.startsWith("unix://")) {
      const socketPath = raw.slice("unix://".length);
      if (!socketPath.startsWith("/")) {
        ctx.addIssue({ code: "custom", message: `ENGINE_URLS: ${raw} must be unix:///absolute/path.sock` });
        return z.NEVER;
      }
      out.push({ raw, socketPath });
    } else if (/^https?:\/\//.test(raw)) {
      try {
        new URL(raw);
      } catch {
        ctx.addIssue({ code: "custom", message: `ENGINE_URLS: ${raw} is not a URL` });
        return z.NEVER;
      }
      out.push({ raw, baseUrl: raw.replace(/\/+$/, "") });
    } else {
      ctx.addIssue({
        code: "custom",
        message: `ENGINE_URLS: ${raw} must start with unix://, http(s):// or kubernetes://`,
      });
      return z.NEVER;
    }
  }
  return out;
});

/** Links sent to the browser must not carry credentials. */
function noUserinfo(url: string): boolean {
  const u = new URL(url);
  return !u.username && !u.password;
}

/** `https://user:pass@host/x` → the URL without them, and the basic-auth pair they were. */
export function splitUserinfo(url: string): { url: string; basicAuth?: { user: string; password: string } } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url };
  const basicAuth = { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = "";
  u.password = "";
  return { url: u.toString().replace(/\/+$/, ""), basicAuth };
}

function backendShape(prefix: "PROMETHEUS" | "LOKI" | "JAEGER" | "TEMPO") {
  return {
    [`${prefix}_URL`]: urlVar(`${prefix}_URL`).optional(),
    [`${prefix}_BEARER_TOKEN`]: z.string().min(1).optional(),
    [`${prefix}_BASIC_AUTH`]: z
      .string()
      .regex(/^[^:]+:.*$/, `${prefix}_BASIC_AUTH must be user:password`)
      .optional(),
    [`${prefix}_HEADERS`]: headersVar(`${prefix}_HEADERS`).optional(),
    [`${prefix}_TIMEOUT_MS`]: positiveInt(`${prefix}_TIMEOUT_MS`).optional(),
  } as const;
}

const envSchema = z.object({
  ...backendShape("PROMETHEUS"),
  ...backendShape("LOKI"),
  ...backendShape("JAEGER"),
  ...backendShape("TEMPO"),
  LOKI_TENANT: z.string().min(1).optional(),
  TEMPO_TENANT: z.string().min(1).optional(),
  ENGINE_URLS: engineList.optional(),
  ENGINE_TIMEOUT_MS: positiveInt("ENGINE_TIMEOUT_MS").optional(),
  PORT: positiveInt("PORT")
    .refine((n) => n < 65536, "PORT must be below 65536")
    .optional(),
  SIGHTLINE_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  SIGHTLINE_MAX_RESPONSE_BYTES: positiveInt("SIGHTLINE_MAX_RESPONSE_BYTES").optional(),
  SIGHTLINE_MAX_TRACE_BYTES: positiveInt("SIGHTLINE_MAX_TRACE_BYTES").optional(),
  SIGHTLINE_FRAME_ANCESTORS: z.string().trim().min(1).optional(),
  GRAFANA_URL: urlVar("GRAFANA_URL")
    .refine(noUserinfo, "GRAFANA_URL must not contain user:password@ (it is a link shown to users)")
    .optional(),
  GRAFANA_PROMETHEUS_UID: z.string().min(1).optional(),
  GRAFANA_LOKI_UID: z.string().min(1).optional(),
  GRAFANA_JAEGER_UID: z.string().min(1).optional(),
  JAEGER_UI_URL: urlVar("JAEGER_UI_URL")
    .refine(noUserinfo, "JAEGER_UI_URL must not contain user:password@ (it is a link shown to users)")
    .optional(),
  SIGHTLINE_CORRELATION_FILE: z.string().min(1).optional(),
  HOST: z
    .string()
    .trim()
    .regex(/^(?:[A-Za-z0-9.-]{1,253}|\[?[0-9A-Fa-f:.]+\]?)$/, "HOST must be an IP address or a host name")
    .optional(),
  SIGHTLINE_REQUEST_LOG: z.enum(["on", "off"], { message: "SIGHTLINE_REQUEST_LOG must be on or off" }).optional(),
  SIGHTLINE_READY_REQUIRES: z
    .string()
    .transform((s, ctx) => {
      const names = s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !(READY_BACKENDS as readonly string[]).includes(n));
      if (bad.length) {
        ctx.addIssue({
          code: "custom",
          message: `SIGHTLINE_READY_REQUIRES: unknown backend ${bad.join(", ")} (use ${READY_BACKENDS.join(", ")})`,
        });
        return z.NEVER;
      }
      return names as ReadyBackend[];
    })
    .optional(),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function pickBackend(
  env: z.infer<typeof envSchema>,
  prefix: "PROMETHEUS" | "LOKI" | "JAEGER" | "TEMPO",
  defTimeout: number,
) {
  const e = env as Record<string, unknown>;
  const given = e[`${prefix}_URL`] as string | undefined;
  if (!given) return undefined;
  // Credentials in the URL move into the Authorization header: URLs end up in messages.
  const { url, basicAuth: fromUrl } = splitUserinfo(given);
  const basic = e[`${prefix}_BASIC_AUTH`] as string | undefined;
  if (fromUrl && (basic || e[`${prefix}_BEARER_TOKEN`]))
    throw new ConfigError(
      `Sightline configuration is invalid:\n- ${prefix}_URL has user:password@ and ${prefix}_${basic ? "BASIC_AUTH" : "BEARER_TOKEN"} is set too: keep one`,
    );
  const headers = { ...((e[`${prefix}_HEADERS`] as Record<string, string> | undefined) ?? {}) };
  if (prefix === "LOKI" && env.LOKI_TENANT) headers["X-Scope-OrgID"] = env.LOKI_TENANT;
  if (prefix === "TEMPO" && env.TEMPO_TENANT) headers["X-Scope-OrgID"] = env.TEMPO_TENANT;
  const sep = basic?.indexOf(":") ?? -1;
  return {
    url,
    timeoutMs: (e[`${prefix}_TIMEOUT_MS`] as number | undefined) ?? defTimeout,
    auth: {
      bearerToken: e[`${prefix}_BEARER_TOKEN`] as string | undefined,
      basicAuth: basic ? { user: basic.slice(0, sep), password: basic.slice(sep + 1) } : fromUrl,
      headers,
    },
  } satisfies HttpBackendConfig;
}

/** Parse an environment. Throws ConfigError naming every bad variable. */
export function parseConfig(raw: Record<string, string | undefined>): AppConfig {
  // Empty strings mean "unset" (docker-compose often passes VAR= ).
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const r = envSchema.safeParse(cleaned);
  const auth = parseAuthConfig(cleaned);
  const limits = parseLimitsConfig(cleaned);
  if (!r.success || auth.errors.length || limits.errors.length) {
    const lines = (r.error?.issues ?? []).map((i) => {
      const v = String(i.path[0] ?? "");
      return i.message.includes(v) ? `- ${i.message}` : `- ${v}: ${i.message}`;
    });
    lines.push(...auth.errors.map((e) => `- ${e}`));
    lines.push(...limits.errors.map((e) => `- ${e}`));
    throw new ConfigError(`Sightline configuration is invalid:\n${lines.join("\n")}`);
  }
  const env = r.data;
  const prometheus = pickBackend(env, "PROMETHEUS", 15_000);
  const loki = pickBackend(env, "LOKI", 15_000);
  const jaeger = pickBackend(env, "JAEGER", 15_000);
  const tempo = pickBackend(env, "TEMPO", 15_000);
  const engines = env.ENGINE_URLS ?? [];
  const anyBackend = Boolean(prometheus || loki || jaeger || tempo || engines.length);
  const demoFlag = env.SIGHTLINE_DEMO === "1" || env.SIGHTLINE_DEMO === "true";
  return {
    demo: demoFlag || !anyBackend,
    port: env.PORT ?? 3000,
    prometheus,
    loki,
    jaeger,
    tempo,
    engines,
    engineTimeoutMs: env.ENGINE_TIMEOUT_MS ?? 10_000,
    // 16 MiB: a few concurrent trace searches at 64 MiB each could exhaust the heap.
    maxResponseBytes: env.SIGHTLINE_MAX_RESPONSE_BYTES ?? 16 * 1024 * 1024,
    // 1 GiB: a million-span trace (~300 MB of OTLP JSON) fits; the body is decoded as it
    // streams in, so this bounds the decode's work, not a buffer.
    maxTraceBytes: env.SIGHTLINE_MAX_TRACE_BYTES ?? 1024 * 1024 * 1024,
    frameAncestors: env.SIGHTLINE_FRAME_ANCESTORS ?? "'self'",
    grafana: env.GRAFANA_URL
      ? {
          url: env.GRAFANA_URL,
          prometheusUid: env.GRAFANA_PROMETHEUS_UID,
          lokiUid: env.GRAFANA_LOKI_UID,
          jaegerUid: env.GRAFANA_JAEGER_UID,
        }
      : undefined,
    jaegerUiUrl: env.JAEGER_UI_URL ?? jaeger?.url,
    correlationFile: env.SIGHTLINE_CORRELATION_FILE,
    host: env.HOST ?? "127.0.0.1",
    requestLog: env.SIGHTLINE_REQUEST_LOG !== "off",
    readyRequires: env.SIGHTLINE_READY_REQUIRES ?? [],
    auth: auth.config,
    limits: limits.config,
  };
}

/** Every credential value in the configuration, for redaction (lib/model/redact). */
export function configSecrets(cfg: AppConfig): string[] {
  const out: string[] = [];
  for (const b of [cfg.prometheus, cfg.loki, cfg.jaeger]) {
    if (!b) continue;
    if (b.auth.bearerToken) out.push(b.auth.bearerToken);
    if (b.auth.basicAuth) {
      const { user, password } = b.auth.basicAuth;
      out.push(password, Buffer.from(`${user}:${password}`).toString("base64"));
    }
    // The tenant header names a tenant, not a credential (and "fake" is Loki's default one).
    for (const [k, v] of Object.entries(b.auth.headers)) if (k.toLowerCase() !== "x-scope-orgid") out.push(v);
  }
  for (const e of cfg.engines) {
    if (!e.baseUrl) continue;
    const u = new URL(e.baseUrl);
    if (u.password) out.push(decodeURIComponent(u.password), u.password);
  }
  return out;
}

let cached: AppConfig | undefined;
/** The process's configuration, parsed on first use; its secrets are registered for redaction. */
export function getConfig(): AppConfig {
  if (!cached) {
    cached = parseConfig(process.env);
    setSecrets(configSecrets(cached));
  }
  return cached;
}
/** Tests only. */
export function resetConfigForTests() {
  cached = undefined;
}
