// Helpers of the `real` specs: the test environment's controls (env.mjs) and the fault switch
// of the real mocks' control port.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "@playwright/test";
import { REAL_CONTROL_URL, readRealState } from "./setup";

/** The part of scripts/testenv/env.mjs the specs use (plain JS without declarations). */
interface EnvControls {
  stopPrometheus(): void;
  startPrometheus(): Promise<unknown>;
}

export async function envControls(): Promise<EnvControls> {
  // A specifier in a variable: tsc does not look for declarations of the .mjs.
  const spec = pathToFileURL(resolve("scripts/testenv/env.mjs")).href;
  const mod = (await import(spec)) as Record<string, unknown>;
  if (typeof mod.stopPrometheus !== "function" || typeof mod.startPrometheus !== "function") {
    throw new Error("scripts/testenv/env.mjs does not export stopPrometheus/startPrometheus");
  }
  return mod as unknown as EnvControls;
}

export const MOCK_FAULTS = ["refuse", "hang", "html500", "truncated", "badjson", "huge"] as const;
export type MockFault = (typeof MOCK_FAULTS)[number] | "none";

export async function setMockFault(backend: "loki" | "jaeger", mode: MockFault): Promise<void> {
  const r = await fetch(`${REAL_CONTROL_URL}/faults/${backend}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });
  expect(r.ok, `control port: ${backend} → ${mode}: HTTP ${r.status}`).toBe(true);
}

export const SHOP = ["shop-frontend-1", "shop-cart-1", "shop-payments-1", "web1"] as const;

export function containerId(name: string): string {
  const c = readRealState().containers.find((x) => x.name === name);
  if (!c) throw new Error(`${name} is not in the test environment's state file`);
  return c.id;
}
