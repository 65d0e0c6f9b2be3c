// Runs once when the server starts (Node runtime): parse configuration so a bad variable
// stops the server with a message that names it, and hook request ids, the request log and
// request metrics (lib/observe) into Node's HTTP server.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig, ConfigError } = await import("./lib/config");
  try {
    const cfg = getConfig();
    const { installHttpHook } = await import("./lib/observe/http-hook");
    const { answerHealthEarly } = await import("./lib/server/health-early");
    const { answerLogsEarly } = await import("./lib/server/logs-early");
    installHttpHook({
      log: cfg.requestLog,
      maxInFlight: cfg.limits.maxConcurrentRequests,
      maxLoopDelayMs: cfg.limits.maxLoopDelayMs,
      pages: cfg.limits.pages,
      // Answers that need none of Next.js's pipeline: the health report, a kept logs answer.
      early: (req, res, pathname, proceed) =>
        answerHealthEarly(req, res, pathname, proceed) || answerLogsEarly(req, res, pathname, proceed),
    });
    console.log(
      cfg.demo
        ? "[sightline] no backend configured: running on the built-in demo world (demo data)"
        : `[sightline] backends: ${[cfg.prometheus && "prometheus", cfg.loki && "loki", cfg.jaeger && "jaeger", cfg.engines.length && `${cfg.engines.length} engine(s)`].filter(Boolean).join(", ")}`,
    );
    await startAccessControl(cfg);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Peer addresses for proxy mode, the policy file, and the loud warning when open. */
async function startAccessControl(cfg: import("./lib/config").AppConfig) {
  const { installPeerAddressHook } = await import("./lib/server/auth/peer");
  const { bindAddress, checkAccessControl } = await import("./lib/server/auth/startup");
  const { ConfigError } = await import("./lib/config");
  installPeerAddressHook();
  const r = checkAccessControl(cfg, bindAddress(process.env, process.argv));
  for (const i of r.info) console.log(`[sightline] ${i}`);
  for (const w of r.warnings) console.warn(`[sightline] ${w}`);
  if (r.errors.length) {
    throw new ConfigError(`Sightline configuration is invalid:\n${r.errors.map((e) => `- ${e}`).join("\n")}`);
  }
}
