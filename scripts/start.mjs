#!/usr/bin/env node
// `npm start`: the production server — the standalone build, exactly what the image runs —
// on HOST:PORT (default 127.0.0.1:3000: nothing outside this machine can reach it until you
// choose to expose it with HOST=0.0.0.0 or a specific address).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { SERVER_NODE_FLAGS, STANDALONE_SERVER } from "./lib.mjs";

if (!existsSync(STANDALONE_SERVER)) {
  console.error("No production build: run `npm run build` first (it writes .next/standalone/server.js).");
  process.exit(1);
}
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, STANDALONE_SERVER], {
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, HOSTNAME: host, PORT: port },
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
