// The mock backends of the hostile/load world (load-env.ts) in a child process (IPC): serving a
// 2.6 MB hostile log page or answering 150 clients' backend calls must not stall the bench's own
// event loop, where the clients and the health probe measure Sightline.
import { startMockServers } from "../../mocks/server/start";
import { loadWorld } from "./load-world";

async function main() {
  const w = loadWorld();
  const mocks = await startMockServers({
    prometheus: w.world.promSource(),
    loki: w.loki,
    jaeger: w.world.jaegerSource(),
    engine: w.world.engineSource(),
    now: w.world.now,
  });
  process.on("message", (m: unknown) => {
    if (m === "close") void mocks.close().then(() => process.exit(0));
  });
  // The parent going away (killed bench): stop too.
  process.on("disconnect", () => process.exit(0));
  process.send?.({ urls: mocks.urls, names: w.names, plain: w.plain, hostile: w.hostile, endMs: w.endMs });
}

void main();
