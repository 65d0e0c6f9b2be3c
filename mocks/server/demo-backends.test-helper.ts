// Tests that drive routes the way the demo runs them: the demo world's mock servers started
// in this process on loopback, and Sightline's configuration pointed at them by the same
// variables an operator sets (production code never starts the mocks itself).
import { resetConfigForTests } from "../../lib/config";
import { createWorld } from "../world/world";
import { type MockServers, startMockServers } from "./start";

const VARS = ["PROMETHEUS_URL", "LOKI_URL", "JAEGER_URL", "ENGINE_URLS", "SIGHTLINE_DEMO"] as const;

export async function useDemoBackends(seed = 42): Promise<MockServers & { restore(): Promise<void> }> {
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  const world = createWorld({ seed });
  const s = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    jaeger: world.jaegerSource(),
    engine: world.engineSource(),
    now: world.now,
  });
  process.env.PROMETHEUS_URL = s.urls.prometheus;
  process.env.LOKI_URL = s.urls.loki;
  process.env.JAEGER_URL = s.urls.jaeger;
  process.env.ENGINE_URLS = s.urls.engine;
  delete process.env.SIGHTLINE_DEMO;
  const reset = () => {
    resetConfigForTests();
    (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  };
  reset();
  return {
    ...s,
    async restore() {
      for (const k of VARS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      reset();
      await s.close();
    },
  };
}
