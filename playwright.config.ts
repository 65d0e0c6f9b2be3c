import path from "node:path";
import { defineConfig } from "@playwright/test";
import { authSetup } from "./e2e/auth/setup";
import { realSetup } from "./e2e/real/setup";

// Debian's Chromium; Playwright's own browser downloads are not reachable here.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DEMO_PORT = 3310;
const DEMO_CONTROL_PORT = 3319;
const CUSTOM_PORT = 3320;
// The demo world with a low window threshold: its 10,000-span trace takes the path of a huge one.
const WINDOWED_PORT = 3360;
const WINDOWED_CONTROL_PORT = 3369;
// The origin e2e framing pages are served from (a second local port); any other is refused.
const FRAMER = "'self' http://127.0.0.1:3331";

// Only with SIGHTLINE_TESTENV=1 (npm test, once the real environment is up): project `real`.
const real = realSetup();

// Every project runs against the standalone server (`node .next/standalone/server.js`),
// exactly what the production image runs. It changes its working directory to its own
// folder, so file paths given to it are absolute.
const server = (port: number, env: Record<string, string>) => ({
  command: `HOSTNAME=127.0.0.1 PORT=${port} node --max-semi-space-size=64 .next/standalone/server.js`,
  url: `http://127.0.0.1:${port}/api/health`,
  reuseExistingServer: false,
  timeout: 120_000,
  env: { NEXT_TELEMETRY_DISABLED: "1", PROMETHEUS_URL: "", LOKI_URL: "", JAEGER_URL: "", ENGINE_URLS: "", ...env },
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

// Proxy and OIDC modes and a real OpenID Provider (ports 3353-3356): project `auth`.
const auth = authSetup(server);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: chromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "demo",
      testDir: "e2e/demo",
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    {
      name: "custom-labels",
      testDir: "e2e/custom-labels",
      use: { baseURL: `http://127.0.0.1:${CUSTOM_PORT}` },
    },
    {
      name: "windowed",
      testDir: "e2e/windowed",
      use: { baseURL: `http://127.0.0.1:${WINDOWED_PORT}` },
    },
    ...real.projects,
    ...auth.projects,
  ],
  webServer: [
    server(DEMO_PORT, {
      SIGHTLINE_DEMO: "1",
      SIGHTLINE_DEMO_CONTROL_PORT: String(DEMO_CONTROL_PORT),
      SIGHTLINE_FRAME_ANCESTORS: FRAMER,
    }),
    server(CUSTOM_PORT, {
      SIGHTLINE_DEMO: "1",
      SIGHTLINE_DEMO_LOKI_LABELS: "custom",
      SIGHTLINE_CORRELATION_FILE: path.resolve("test-results/correlation-override.json"),
      SIGHTLINE_FRAME_ANCESTORS: FRAMER,
    }),
    server(WINDOWED_PORT, {
      SIGHTLINE_DEMO: "1",
      SIGHTLINE_TRACE_WINDOW_SPANS: "1000",
      // A page load fetches a trace again after 3 s (not 30): trace-refetch.spec sees it happen.
      SIGHTLINE_TRACE_FRESH_MS: "3000",
      SIGHTLINE_DEMO_CONTROL_PORT: String(WINDOWED_CONTROL_PORT),
    }),
    ...real.webServers,
    ...auth.webServers,
  ],
});

export const DEMO_CONTROL_URL = `http://127.0.0.1:${DEMO_CONTROL_PORT}`;
