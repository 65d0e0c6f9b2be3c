#!/usr/bin/env node
// Starts the real-backend test environment and leaves it running (see README.md).
// Prints the state JSON on stdout (progress goes to stderr); stop it with down.mjs.
import { startTestEnv } from "./env.mjs";

const t0 = Date.now();
try {
  const state = await startTestEnv({ cleanupOnExit: false });
  console.error(`[testenv] up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(JSON.stringify(state, null, 2));
} catch (err) {
  // startTestEnv already tore down what it had started.
  console.error(`[testenv] up failed: ${err.stack ?? err}`);
  process.exit(1);
}
