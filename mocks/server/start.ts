// Real HTTP mock backends for integration tests, e2e runs and the demo: one node:http server
// per source given, all on 127.0.0.1, plus a control server for fault injection.
import type { RequestHandler } from "msw";
import { engineHandlers } from "../handlers/engine";
import type { EngineFlavor } from "../handlers/engine-http";
import { type JaegerApi, jaegerHandlers } from "../handlers/jaeger";
import { lokiHandlers, matchLogQuery } from "../handlers/loki";
import { kubernetesHandlers } from "../handlers/kubernetes";
import type { KubeApiState } from "../handlers/kubernetes-state";
import { prometheusHandlers } from "../handlers/prometheus";
import { tempoHandlers } from "../handlers/tempo";
import type { EngineSource, JaegerSource, LokiSource, PromSource } from "../sources";
import { BackendServer } from "./backend-server";
import { startControl } from "./control";
import { BACKENDS, type BackendKind, type Fault, type FaultMode } from "./faults";
import { type LogMatcher, LokiTail } from "./loki-tail";
import { upstreamHandlers, upstreamUpgrade } from "./upstream-proxy";

export interface MockServerOptions {
  prometheus?: PromSource;
  loki?: LokiSource;
  jaeger?: JaegerSource;
  /** A Tempo 2.0 stand-in serving the same kind of traces (mocks/handlers/tempo.ts). */
  tempo?: JaegerSource;
  engine?: EngineSource;
  /** The Kubernetes API stand-in's state (tests keep a handle to change it). */
  kubernetes?: KubeApiState;
  jaegerApi?: JaegerApi;
  engineFlavor?: EngineFlavor;
  /** Only loopback: the mocks are never reachable from outside the machine. */
  host?: "127.0.0.1";
  ports?: Partial<Record<BackendKind, number>>;
  controlPort?: number;
  /** The clock of the data (the world's now); defaults to Date.now. */
  now?: () => number;
  /** Override handler factories, e.g. to test the servers with trivial handlers. */
  handlers?: Partial<Record<BackendKind, (baseUrl: string) => RequestHandler[]>>;
  /** Override the LogQL matcher behind the tail WebSocket. */
  tailMatcher?: LogMatcher;
  /** A real Loki to forward to (instead of `loki`): the mock is then a fault-switchable proxy. */
  lokiUpstream?: string;
}

export interface MockServers {
  urls: Partial<Record<BackendKind, string>>;
  control: string;
  setFault(backend: BackendKind, fault: Fault | FaultMode): Promise<void>;
  faults(): Partial<Record<BackendKind, Fault>>;
  close(): Promise<void>;
}

export async function startMockServers(opts: MockServerOptions): Promise<MockServers> {
  const host = opts.host ?? "127.0.0.1";
  const now = opts.now ?? Date.now;
  const servers = new Map<BackendKind, BackendServer>();
  let tail: LokiTail | undefined;

  const factories: Partial<Record<BackendKind, (base: string) => RequestHandler[]>> = {};
  if (opts.prometheus) {
    const src = opts.prometheus;
    factories.prometheus = opts.handlers?.prometheus ?? ((b) => prometheusHandlers(b, src, { now }));
  }
  if (opts.loki) {
    const src = opts.loki;
    factories.loki = opts.handlers?.loki ?? ((b) => lokiHandlers(b, src, { now }));
  }
  if (opts.lokiUpstream && !opts.loki) {
    const up = opts.lokiUpstream;
    factories.loki = (b) => upstreamHandlers(b, up);
  }
  if (opts.jaeger) {
    const src = opts.jaeger;
    factories.jaeger = opts.handlers?.jaeger ?? ((b) => jaegerHandlers(b, src, { api: opts.jaegerApi ?? "both", now }));
  }
  if (opts.tempo) {
    const src = opts.tempo;
    factories.tempo = opts.handlers?.tempo ?? ((b) => tempoHandlers(b, src, { now }));
  }
  if (opts.engine) {
    const src = opts.engine;
    factories.engine =
      opts.handlers?.engine ?? ((b) => engineHandlers(b, src, { flavor: opts.engineFlavor ?? "podman" }));
  }

  if (opts.kubernetes) {
    const st = opts.kubernetes;
    factories.kubernetes = opts.handlers?.kubernetes ?? ((b) => kubernetesHandlers(b, st));
  }

  try {
    for (const kind of BACKENDS) {
      const make = factories[kind];
      if (!make) continue;
      let upgrade: ConstructorParameters<typeof BackendServer>[2];
      if (kind === "loki" && opts.loki) {
        const srv = () => servers.get("loki");
        tail = new LokiTail(
          opts.loki,
          opts.tailMatcher ?? matchLogQuery,
          now,
          () => srv()?.currentFault ?? { mode: "none" },
        );
        upgrade = tail.onUpgrade;
      } else if (kind === "loki" && opts.lokiUpstream) {
        upgrade = upstreamUpgrade(opts.lokiUpstream);
      }
      const s = new BackendServer(kind, host, upgrade);
      servers.set(kind, s);
      await s.listen(opts.ports?.[kind] ?? 0);
      s.setHandlers(make(s.url));
    }
  } catch (err) {
    for (const s of servers.values()) await s.stop();
    tail?.close();
    throw err;
  }

  const faults = () => {
    const out: Partial<Record<BackendKind, Fault>> = {};
    for (const [k, s] of servers) out[k] = s.currentFault;
    return out;
  };
  const setFault = async (backend: BackendKind, fault: Fault | FaultMode) => {
    const s = servers.get(backend);
    if (!s) throw new Error(`no ${backend} mock server is running`);
    await s.setFault(typeof fault === "string" ? { mode: fault } : fault);
  };
  const control = await startControl({ faults, setFault }, host, opts.controlPort ?? 0);

  return {
    urls: Object.fromEntries([...servers].map(([k, s]) => [k, s.url])),
    control: control.url,
    setFault,
    faults,
    async close() {
      tail?.close();
      await Promise.all([...servers.values()].map((s) => s.stop()));
      await control.close();
    },
  };
}
