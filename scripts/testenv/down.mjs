#!/usr/bin/env node
// Stops the test environment described by the state file (containers, Podman
// API service, exporter, Prometheus) and removes its temp dir. Safe to run
// twice and after an `up` that failed halfway.
import { STATE_FILE, readState, teardown } from "./env.mjs";

const t0 = Date.now();
const state = readState();
if (!state) {
  console.error(`[testenv] nothing to stop (no ${STATE_FILE})`);
} else {
  teardown(state);
  console.error(`[testenv] down (${state.tmpDir}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
