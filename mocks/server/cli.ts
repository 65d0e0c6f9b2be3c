// Starts the demo world's mock backends:
//   node --import tsx mocks/server/cli.ts [--seed N] [--ports-file path]
//     [--loki-labels alloy|docker-driver|custom] [--jaeger-api v3|v1|both]
//     [--engine-flavor podman|docker] [--metric-names cadvisor|podman-exporter]
//     [--prometheus-port N] [--loki-port N] [--jaeger-port N] [--engine-port N] [--kubernetes-port N]
//     [--tempo-port N] [--control-port N] [--kubernetes on|off]
// urls.kubernetes is the Kubernetes API stand-in (cluster `demo`): point Sightline at it with
// ENGINE_URLS=kubernetes+<url>?cluster=demo. Tempo serves the same world's traces as Jaeger,
// in Tempo 2.0's API.
// Prints one JSON line {urls, control} (also written to --ports-file) and exits cleanly on
// SIGTERM/SIGINT.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { EngineFlavor } from "../handlers/engine-http";
import type { JaegerApi } from "../handlers/jaeger";
import type { LokiLabelMode } from "../world/loki-source";
import { KubeApiState } from "../handlers/kubernetes-state";
import { createWorld } from "../world/world";
import { startMockServers } from "./start";
import { portArg } from "./cli-args";

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  const hit = allowed.find((a) => a === v);
  if (!hit) throw new Error(`--${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
  return hit;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      "ports-file": { type: "string" },
      "loki-labels": { type: "string" },
      "jaeger-api": { type: "string" },
      "engine-flavor": { type: "string" },
      "metric-names": { type: "string" },
      "prometheus-port": { type: "string" },
      "loki-port": { type: "string" },
      "jaeger-port": { type: "string" },
      "engine-port": { type: "string" },
      "kubernetes-port": { type: "string" },
      "tempo-port": { type: "string" },
      "control-port": { type: "string" },
      kubernetes: { type: "string" },
    },
    strict: true,
  });
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const lokiLabels = oneOf<LokiLabelMode>(
    "loki-labels",
    values["loki-labels"],
    ["alloy", "docker-driver", "custom"],
    "alloy",
  );
  const jaegerApi = oneOf<JaegerApi>("jaeger-api", values["jaeger-api"], ["v3", "v1", "both"], "both");
  const engineFlavor = oneOf<EngineFlavor>("engine-flavor", values["engine-flavor"], ["podman", "docker"], "podman");
  const metricNames = oneOf(
    "metric-names",
    values["metric-names"],
    ["cadvisor", "podman-exporter"] as const,
    "cadvisor",
  );

  const kubernetes = oneOf("kubernetes", values.kubernetes, ["on", "off"] as const, "on") === "on";
  const world = createWorld({ seed, lokiLabels, metricNames, kubernetes });
  const kubeSrc = world.kubeApiSource();
  const servers = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    jaeger: world.jaegerSource(),
    tempo: world.jaegerSource(),
    engine: world.engineSource(),
    kubernetes: kubeSrc ? new KubeApiState(kubeSrc) : undefined,
    jaegerApi,
    engineFlavor,
    now: world.now,
    ports: {
      prometheus: portArg("prometheus-port", values["prometheus-port"]),
      loki: portArg("loki-port", values["loki-port"]),
      jaeger: portArg("jaeger-port", values["jaeger-port"]),
      engine: portArg("engine-port", values["engine-port"]),
      kubernetes: portArg("kubernetes-port", values["kubernetes-port"]),
      tempo: portArg("tempo-port", values["tempo-port"]),
    },
    controlPort: portArg("control-port", values["control-port"]),
  });
  const line = JSON.stringify({ urls: servers.urls, control: servers.control });
  if (values["ports-file"]) writeFileSync(values["ports-file"], `${line}\n`);
  process.stdout.write(`${line}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    servers.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`mock servers: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
