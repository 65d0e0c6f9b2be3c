// The `auth` Playwright project: Sightline in proxy mode and in oidc mode (demo world), and a
// real OpenID Provider (npm oidc-provider). Started only when the run includes this project
// (no --project, or --project=auth), so other projects' runs stay as light as before.
// Ports 3353-3356 (3340-3342 and 3349 belong to the `real` project).
import { resolve } from "node:path";

export const PROXY_PORT = 3353;
export const OIDC_PORT = 3354;
export const OP_PORT = 3355;
export const FRAMER_PORT = 3356;
export const PROXY_URL = `http://127.0.0.1:${PROXY_PORT}`;
export const OIDC_URL = `http://127.0.0.1:${OIDC_PORT}`;
export const OP_URL = `http://127.0.0.1:${OP_PORT}`;
export const FRAMER_URL = `http://127.0.0.1:${FRAMER_PORT}`;
export const PROXY_SECRET = "e2e-proxy-secret-0123456789";
export const LINK_KEYS = "e2e1:0123456789abcdef0123456789abcdef,e2e0:fedcba9876543210fedcba9876543210";
export const SESSION_SECRET = "e2e-session-secret-0123456789abcdef0123456789";
// Absolute: the standalone server changes its working directory to its own folder.
export const POLICY_FILE = resolve("e2e", "auth", "policy.json");

function wanted(argv: string[]): boolean {
  const projects: string[] = [];
  argv.forEach((a, i) => {
    if (a === "--project" && argv[i + 1]) projects.push(argv[i + 1] ?? "");
    else if (a.startsWith("--project=")) projects.push(a.slice("--project=".length));
  });
  return process.env.SIGHTLINE_E2E_AUTH !== "0" && (projects.length === 0 || projects.includes("auth"));
}

export function authSetup<S>(server: (port: number, env: Record<string, string>) => S) {
  if (!wanted(process.argv)) return { projects: [], webServers: [] };
  const common = {
    SIGHTLINE_DEMO: "1",
    SIGHTLINE_POLICY_FILE: POLICY_FILE,
    SIGHTLINE_LINK_KEYS: LINK_KEYS,
    SIGHTLINE_FRAME_ANCESTORS: `'self' ${FRAMER_URL}`,
    SIGHTLINE_AUDIT_LOG: "1",
  };
  return {
    projects: [{ name: "auth", testDir: "e2e/auth", use: { baseURL: OIDC_URL } }],
    webServers: [
      {
        command: `node e2e/auth/op.mjs ${OP_PORT} ${OIDC_URL}`,
        url: `${OP_URL}/.well-known/openid-configuration`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: "ignore" as const,
        stderr: "pipe" as const,
      },
      server(PROXY_PORT, {
        ...common,
        SIGHTLINE_AUTH: "proxy",
        SIGHTLINE_AUTH_PROXY_SOURCES: "127.0.0.1/32",
        SIGHTLINE_AUTH_PROXY_SECRET: PROXY_SECRET,
      }),
      server(OIDC_PORT, {
        ...common,
        SIGHTLINE_AUTH: "oidc",
        SIGHTLINE_OIDC_ISSUER: OP_URL,
        SIGHTLINE_OIDC_CLIENT_ID: "sightline",
        SIGHTLINE_OIDC_CLIENT_SECRET: "sightline-e2e-client-secret-0123456789",
        SIGHTLINE_OIDC_SCOPES: "openid profile email groups",
        SIGHTLINE_SESSION_SECRET: SESSION_SECRET,
      }),
    ],
  };
}
