// Demo mode: the demo world's mock backends run in a child process started from a prebuilt,
// self-contained bundle (`.demo/mock-servers.mjs`, written by `npm run build` from
// mocks/server/cli.ts). Nothing under mocks/ is imported by the production server, and the
// bundle carries its own dependencies (msw, the LogQL/PromQL grammars), so demo mode works
// after `npm prune --omit=dev` and in the standalone server of the image.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export interface DemoUrls {
  prometheus: string;
  loki: string;
  jaeger: string;
  engine: string;
  /** The Kubernetes API stand-in (cluster `demo`), unless SIGHTLINE_DEMO_KUBERNETES=0. */
  kubernetes?: string;
  control: string;
}

/** Where the bundle is: SIGHTLINE_DEMO_MOCKS, else `.demo/` under the working directory. */
type Env = Record<string, string | undefined>;

export function demoBundlePath(env: Env = process.env, cwd = process.cwd()): string {
  return env.SIGHTLINE_DEMO_MOCKS || path.join(cwd, ".demo", "mock-servers.mjs");
}

/** The CLI arguments the demo variables stand for (seed, Loki label style, fault-control port). */
export function demoArgs(env: Env = process.env): string[] {
  const args: string[] = [];
  const seed = Number(env.SIGHTLINE_DEMO_SEED ?? "42");
  args.push("--seed", String(Number.isInteger(seed) ? seed : 42));
  const labels = env.SIGHTLINE_DEMO_LOKI_LABELS;
  args.push("--loki-labels", labels === "docker-driver" || labels === "custom" ? labels : "alloy");
  const control = Number(env.SIGHTLINE_DEMO_CONTROL_PORT ?? "0");
  if (Number.isInteger(control) && control > 0) args.push("--control-port", String(control));
  if (env.SIGHTLINE_DEMO_KUBERNETES === "0") args.push("--kubernetes", "off");
  return args;
}

/** Parse the bundle's one JSON line ({urls, control}); throws naming what is missing. */
export function parseDemoLine(line: string): DemoUrls {
  const j = JSON.parse(line) as { urls?: Record<string, string>; control?: string };
  const u = j.urls ?? {};
  for (const k of ["prometheus", "loki", "jaeger", "engine"] as const)
    if (typeof u[k] !== "string") throw new Error(`demo world: the ${k} mock server did not start`);
  return {
    prometheus: u.prometheus,
    loki: u.loki,
    jaeger: u.jaeger,
    engine: u.engine,
    kubernetes: typeof u.kubernetes === "string" ? u.kubernetes : undefined,
    control: String(j.control ?? ""),
  } as DemoUrls;
}

let child: ChildProcess | undefined;

export function startDemoServers(timeoutMs = 30_000): Promise<DemoUrls> {
  const bundle = demoBundlePath();
  // A runtime path, not a module: keep the build from tracing the whole project for it.
  if (!existsSync(/*turbopackIgnore: true*/ bundle))
    return Promise.reject(
      new Error(
        `demo world: ${bundle} is missing. It is written by \`npm run build\` (scripts/build.mjs); ` +
          "set SIGHTLINE_DEMO_MOCKS to its path, or configure real backends.",
      ),
    );
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [/*turbopackIgnore: true*/ bundle, ...demoArgs()], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = c;
    let buf = "";
    let done = false;
    const timer = setTimeout(() => {
      c.kill("SIGTERM");
      reject(new Error(`demo world: the mock servers did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    c.stdout?.setEncoding("utf8");
    c.stdout?.on("data", (d: string) => {
      if (done) return;
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl < 0) {
        if (buf.length > 64 * 1024) buf = buf.slice(-1024);
        return;
      }
      clearTimeout(timer);
      done = true;
      try {
        const urls = parseDemoLine(buf.slice(0, nl));
        console.log(
          `[sightline] demo world: mock backends on ${[urls.prometheus, urls.loki, urls.jaeger, urls.engine].join(" ")}; faults at ${urls.control}`,
        );
        resolve(urls);
      } catch (err) {
        c.kill("SIGTERM");
        reject(err);
      }
      buf = "";
    });
    c.on("exit", (code) => {
      clearTimeout(timer);
      if (child === c) child = undefined;
      reject(new Error(`demo world: the mock servers exited with code ${code}`));
    });
  });
}

// The mocks never outlive the server.
process.once("exit", () => child?.kill("SIGTERM"));
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    child?.kill("SIGTERM");
    // Next's server handles the signal itself when it listens; otherwise keep Node's default.
    if (process.listenerCount(sig) === 0) process.exit(0);
  });
}
