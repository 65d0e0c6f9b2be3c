// Environment parsed once with zod. A bad value stops start-up with a message naming the
// variable. With no backend configured, Sightline runs on the built-in demo world.
import { z } from "zod";
import { type AuthConfig, parseAuthConfig } from "./auth/config";

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
}

export interface AppConfig {
  demo: boolean;
  port: number;
  prometheus?: HttpBackendConfig;
  loki?: HttpBackendConfig;
  jaeger?: HttpBackendConfig;
  engines: EngineEndpoint[];
  engineTimeoutMs: number;
  maxResponseBytes: number;
  frameAncestors: string;
  grafana?: { url: string; prometheusUid?: string; lokiUid?: string; jaegerUid?: string };
  jaegerUiUrl?: string;
  correlationFile?: string;
  /** Access control (lib/auth/config.ts). */
  auth: AuthConfig;
}

const engineList = z.string().transform((s, ctx) => {
  const out: EngineEndpoint[] = [];
  for (const raw of s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (raw.startsWith("unix://")) {
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
      ctx.addIssue({ code: "custom", message: `ENGINE_URLS: ${raw} must start with unix:// or http(s)://` });
      return z.NEVER;
    }
  }
  return out;
});

function backendShape(prefix: "PROMETHEUS" | "LOKI" | "JAEGER") {
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
  LOKI_TENANT: z.string().min(1).optional(),
  ENGINE_URLS: engineList.optional(),
  ENGINE_TIMEOUT_MS: positiveInt("ENGINE_TIMEOUT_MS").optional(),
  PORT: positiveInt("PORT")
    .refine((n) => n < 65536, "PORT must be below 65536")
    .optional(),
  SIGHTLINE_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  SIGHTLINE_MAX_RESPONSE_BYTES: positiveInt("SIGHTLINE_MAX_RESPONSE_BYTES").optional(),
  SIGHTLINE_FRAME_ANCESTORS: z.string().trim().min(1).optional(),
  GRAFANA_URL: urlVar("GRAFANA_URL").optional(),
  GRAFANA_PROMETHEUS_UID: z.string().min(1).optional(),
  GRAFANA_LOKI_UID: z.string().min(1).optional(),
  GRAFANA_JAEGER_UID: z.string().min(1).optional(),
  JAEGER_UI_URL: urlVar("JAEGER_UI_URL").optional(),
  SIGHTLINE_CORRELATION_FILE: z.string().min(1).optional(),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function pickBackend(env: z.infer<typeof envSchema>, prefix: "PROMETHEUS" | "LOKI" | "JAEGER", defTimeout: number) {
  const e = env as Record<string, unknown>;
  const url = e[`${prefix}_URL`] as string | undefined;
  if (!url) return undefined;
  const basic = e[`${prefix}_BASIC_AUTH`] as string | undefined;
  const headers = { ...((e[`${prefix}_HEADERS`] as Record<string, string> | undefined) ?? {}) };
  if (prefix === "LOKI" && env.LOKI_TENANT) headers["X-Scope-OrgID"] = env.LOKI_TENANT;
  const sep = basic?.indexOf(":") ?? -1;
  return {
    url,
    timeoutMs: (e[`${prefix}_TIMEOUT_MS`] as number | undefined) ?? defTimeout,
    auth: {
      bearerToken: e[`${prefix}_BEARER_TOKEN`] as string | undefined,
      basicAuth: basic ? { user: basic.slice(0, sep), password: basic.slice(sep + 1) } : undefined,
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
  if (!r.success || auth.errors.length) {
    const lines = (r.error?.issues ?? []).map((i) => {
      const v = String(i.path[0] ?? "");
      return i.message.includes(v) ? `- ${i.message}` : `- ${v}: ${i.message}`;
    });
    lines.push(...auth.errors.map((e) => `- ${e}`));
    throw new ConfigError(`Sightline configuration is invalid:\n${lines.join("\n")}`);
  }
  const env = r.data;
  const prometheus = pickBackend(env, "PROMETHEUS", 15_000);
  const loki = pickBackend(env, "LOKI", 15_000);
  const jaeger = pickBackend(env, "JAEGER", 15_000);
  const engines = env.ENGINE_URLS ?? [];
  const anyBackend = Boolean(prometheus || loki || jaeger || engines.length);
  const demoFlag = env.SIGHTLINE_DEMO === "1" || env.SIGHTLINE_DEMO === "true";
  return {
    demo: demoFlag || !anyBackend,
    port: env.PORT ?? 3000,
    prometheus,
    loki,
    jaeger,
    engines,
    engineTimeoutMs: env.ENGINE_TIMEOUT_MS ?? 10_000,
    maxResponseBytes: env.SIGHTLINE_MAX_RESPONSE_BYTES ?? 64 * 1024 * 1024,
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
    auth: auth.config,
  };
}

let cached: AppConfig | undefined;
/** The process's configuration, parsed on first use. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
/** Tests only. */
export function resetConfigForTests() {
  cached = undefined;
}
