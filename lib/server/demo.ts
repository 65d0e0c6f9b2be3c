// Starts the demo world's mock Prometheus, Loki, Jaeger and engine on loopback ports.
// Only imported in demo mode (no backend configured).
import { createWorld } from "../../mocks/world/world";
import { KubeApiState } from "../../mocks/handlers/kubernetes-state";
import { startMockServers } from "../../mocks/server/start";

export interface DemoUrls {
  prometheus: string;
  loki: string;
  jaeger: string;
  engine: string;
  /** The Kubernetes API stand-in (cluster `demo`). */
  kubernetes?: string;
  control: string;
}

export async function startDemoServers(): Promise<DemoUrls> {
  const seed = Number(process.env.SIGHTLINE_DEMO_SEED ?? "42") || 42;
  const lokiLabels = process.env.SIGHTLINE_DEMO_LOKI_LABELS;
  const world = createWorld({
    seed,
    lokiLabels: lokiLabels === "docker-driver" || lokiLabels === "custom" ? lokiLabels : "alloy",
    kubernetes: process.env.SIGHTLINE_DEMO_KUBERNETES !== "0",
  });
  const kubeSrc = world.kubeApiSource();
  const controlPort = Number(process.env.SIGHTLINE_DEMO_CONTROL_PORT ?? "0") || undefined;
  const s = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    jaeger: world.jaegerSource(),
    engine: world.engineSource(),
    kubernetes: kubeSrc ? new KubeApiState(kubeSrc) : undefined,
    host: "127.0.0.1",
    controlPort,
  });
  const { prometheus, loki, jaeger, engine } = s.urls;
  if (!prometheus || !loki || !jaeger || !engine) throw new Error("demo world: a mock server did not start");
  console.log(
    `[sightline] demo world: mock backends on ${[prometheus, loki, jaeger, engine].join(" ")}; faults at ${s.control}`,
  );
  return { prometheus, loki, jaeger, engine, kubernetes: s.urls.kubernetes, control: s.control };
}
