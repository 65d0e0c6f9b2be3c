// Parse configuration at start-up so a bad variable stops the server with a message that
// names it, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig, ConfigError } = await import("./lib/config");
  try {
    const cfg = getConfig();
    console.log(
      cfg.demo
        ? "[sightline] no backend configured: running on the built-in demo world (demo data)"
        : `[sightline] backends: ${[cfg.prometheus && "prometheus", cfg.loki && "loki", cfg.jaeger && "jaeger", cfg.engines.length && `${cfg.engines.length} engine(s)`].filter(Boolean).join(", ")}`,
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
