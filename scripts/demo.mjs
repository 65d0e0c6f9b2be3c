#!/usr/bin/env node
// `npm run demo`: install if needed, build if needed, start Sightline on the demo world.
import { BACKEND_VARS, ensureBuild, ensureDeps, startServer, waitForHttp } from "./lib.mjs";

ensureDeps();
ensureBuild({ force: process.argv.includes("--rebuild") });
const port = Number(process.env.PORT || 3000);
const env = { SIGHTLINE_DEMO: "1", PORT: String(port) };
for (const v of BACKEND_VARS) env[v] = "";
const child = startServer(env, port);
const url = `http://127.0.0.1:${port}/`;
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill("SIGTERM"));
child.on("exit", (code) => process.exit(code ?? 0));
if (await waitForHttp(`${url}api/health`)) {
  console.log(`\n  Sightline is running on its demo world: ${url}\n  (Ctrl-C to stop)\n`);
} else {
  console.error(`Sightline did not answer on ${url} within 60 s`);
}
