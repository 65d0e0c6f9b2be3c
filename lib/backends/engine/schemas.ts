// Wire schemas for the Docker Engine API and Podman (compat + libpod trees). Loose objects:
// the real bodies carry dozens of fields we don't read. Differences: APIS.md §5 and the
// "Podman 4.3.1" surprises in ../shared/fixtures/README.md.
import { z } from "zod";

const labels = z.record(z.string(), z.string()).nullish();

/** `GET /version` (Docker and Podman compat). */
export const versionSchema = z.looseObject({
  Version: z.string(),
  ApiVersion: z.string().optional(),
  MinAPIVersion: z.string().optional(),
  Components: z.array(z.looseObject({ Name: z.string(), Version: z.string().optional() })).nullish(),
});

/** Docker `{message}`; Podman `{cause,message,response}`. */
export const errorBodySchema = z.looseObject({
  message: z.string(),
  cause: z.string().optional(),
  response: z.number().optional(),
});

/** `GET /containers/json` (Docker, Podman compat): Names with "/", Created in unix seconds. */
export const listItemSchema = z.looseObject({
  Id: z.string(),
  Names: z.array(z.string()).nullish(),
  Image: z.string().optional(),
  Created: z.number().optional(),
  State: z.string().optional(),
  Status: z.string().optional(),
  Labels: labels,
});
export type ListItem = z.infer<typeof listItemSchema>;
export const listSchema = z.array(listItemSchema);

/** `GET /libpod/containers/json`: Names without "/", Created RFC3339, StartedAt/ExitedAt unix seconds. */
export const libpodListItemSchema = z.looseObject({
  Id: z.string(),
  Names: z.array(z.string()).nullish(),
  Image: z.string().optional(),
  // Podman 3 sent unix seconds here; 4.x sends RFC3339.
  Created: z.union([z.string(), z.number()]).optional(),
  StartedAt: z.number().optional(),
  ExitedAt: z.number().optional(),
  Exited: z.boolean().optional(),
  ExitCode: z.number().optional(),
  State: z.string().optional(),
  Status: z.string().optional(),
  Labels: labels,
  Pod: z.string().optional(),
  PodName: z.string().optional(),
  IsInfra: z.boolean().optional(),
  Restarts: z.number().optional(),
});
export type LibpodListItem = z.infer<typeof libpodListItemSchema>;
export const libpodListSchema = z.array(libpodListItemSchema);

/** `GET /containers/{id}/json`: State is an object, times are RFC3339Nano, Image is the image ID. */
export const inspectSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Created: z.string().optional(),
  Image: z.string().optional(),
  State: z.looseObject({
    Status: z.string(),
    Running: z.boolean().optional(),
    ExitCode: z.number().optional(),
    StartedAt: z.string().optional(),
    FinishedAt: z.string().optional(),
  }),
  Config: z.looseObject({ Image: z.string().optional(), Labels: labels, Hostname: z.string().optional() }).nullish(),
  HostConfig: z
    .looseObject({
      Memory: z.number().optional(),
      NanoCpus: z.number().optional(),
      CpuQuota: z.number().optional(),
      CpuPeriod: z.number().optional(),
    })
    .nullish(),
  RestartCount: z.number().optional(),
});
export type Inspect = z.infer<typeof inspectSchema>;

/** `GET /containers/{id}/stats?stream=false`. Podman: `Id`, networks keyed "network", no memory `stats`. */
export const statsSchema = z.looseObject({
  read: z.string().optional(),
  id: z.string().optional(),
  Id: z.string().optional(),
  name: z.string().optional(),
  cpu_stats: z.looseObject({
    cpu_usage: z.looseObject({ total_usage: z.number() }),
    system_cpu_usage: z.number().optional(),
    online_cpus: z.number().optional(),
  }),
  memory_stats: z
    .looseObject({
      usage: z.number().optional(),
      limit: z.number().optional(),
      stats: z.record(z.string(), z.number()).nullish(),
    })
    .nullish(),
  networks: z.record(z.string(), z.looseObject({ rx_bytes: z.number(), tx_bytes: z.number() })).nullish(),
  pids_stats: z.looseObject({ current: z.number().optional() }).nullish(),
});
export type Stats = z.infer<typeof statsSchema>;

/** `GET /v4.0.0/libpod/containers/stats?stream=false`: flat numbers per container. */
export const libpodStatsSchema = z.looseObject({
  Error: z.unknown().optional(),
  Stats: z
    .array(
      z.looseObject({
        ContainerID: z.string(),
        Name: z.string(),
        CPUNano: z.number(),
        SystemNano: z.number(),
        MemUsage: z.number(),
        MemLimit: z.number(),
        NetInput: z.number(),
        NetOutput: z.number(),
        PIDs: z.number(),
      }),
    )
    .nullish(),
});

/** One NDJSON line of `GET /events`. Legacy status/id (removed in API 1.52) only as fallbacks. */
export const eventSchema = z.looseObject({
  Type: z.string().optional(),
  Action: z.string().optional(),
  status: z.string().optional(),
  id: z.string().optional(),
  Actor: z.looseObject({ ID: z.string().optional(), Attributes: labels }).nullish(),
  time: z.number().optional(),
  timeNano: z.number().optional(),
  /** Podman: health_status events carry the status here, not in the Action (__fixtures__/README.md). */
  HealthStatus: z.string().optional(),
});
export type EngineEvent = z.infer<typeof eventSchema>;
