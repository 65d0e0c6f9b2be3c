// Wire shapes of the Kubernetes API objects Sightline reads (core/v1 Pod, apps/v1 ReplicaSet,
// batch/v1 Job, meta/v1 Status, watch events). Only the fields used are declared; the rest
// passes through untouched (objects are loose), so newer servers' additions never fail a parse.
import { z } from "zod";

const str = z.string();
const strMap = z.record(z.string(), z.string());

export const ownerReferenceSchema = z.looseObject({
  apiVersion: str.optional(),
  kind: str,
  name: str,
  uid: str.optional(),
  controller: z.boolean().optional(),
});

export const objectMetaSchema = z.looseObject({
  name: str,
  namespace: str.optional(),
  uid: str.optional(),
  resourceVersion: str.optional(),
  creationTimestamp: str.nullish(),
  deletionTimestamp: str.nullish(),
  labels: strMap.nullish(),
  annotations: strMap.nullish(),
  ownerReferences: z.array(ownerReferenceSchema).nullish(),
});

const resourceList = z.record(z.string(), z.union([z.string(), z.number()]));

const containerSpecSchema = z.looseObject({
  name: str,
  image: str.optional(),
  resources: z.looseObject({ requests: resourceList.nullish(), limits: resourceList.nullish() }).nullish(),
});

const terminatedSchema = z.looseObject({
  exitCode: z.number().optional(),
  signal: z.number().nullish(),
  reason: str.nullish(),
  message: str.nullish(),
  startedAt: str.nullish(),
  finishedAt: str.nullish(),
  containerID: str.nullish(),
});

export const containerStateSchema = z.looseObject({
  running: z.looseObject({ startedAt: str.nullish() }).nullish(),
  waiting: z.looseObject({ reason: str.nullish(), message: str.nullish() }).nullish(),
  terminated: terminatedSchema.nullish(),
});

const containerStatusSchema = z.looseObject({
  name: str,
  image: str.optional(),
  imageID: str.optional(),
  containerID: str.nullish(),
  ready: z.boolean().optional(),
  started: z.boolean().nullish(),
  restartCount: z.number().optional(),
  state: containerStateSchema.nullish(),
  lastState: containerStateSchema.nullish(),
});

export const podSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      nodeName: str.nullish(),
      containers: z.array(containerSpecSchema).default([]),
      initContainers: z.array(containerSpecSchema).nullish(),
      ephemeralContainers: z.array(containerSpecSchema).nullish(),
    })
    .default({ containers: [] }),
  status: z
    .looseObject({
      phase: str.nullish(),
      startTime: str.nullish(),
      containerStatuses: z.array(containerStatusSchema).nullish(),
      initContainerStatuses: z.array(containerStatusSchema).nullish(),
      ephemeralContainerStatuses: z.array(containerStatusSchema).nullish(),
    })
    .nullish(),
});
export type WirePod = z.infer<typeof podSchema>;
export type WireContainerStatus = z.infer<typeof containerStatusSchema>;
export type WireTerminated = z.infer<typeof terminatedSchema>;

/** ReplicaSets and Jobs: only their owners matter (→ Deployment, → CronJob). */
export const ownedObjectSchema = z.looseObject({ metadata: objectMetaSchema });
export type WireOwned = z.infer<typeof ownedObjectSchema>;

const listMetaSchema = z.looseObject({
  resourceVersion: str.optional(),
  continue: str.nullish(),
  remainingItemCount: z.number().nullish(),
});

export const listSchema = <T extends z.ZodType>(item: T) =>
  z.looseObject({ kind: str.optional(), metadata: listMetaSchema.default({}), items: z.array(item).nullable() });

/** meta/v1 Status: what the API server writes with every error (403, 410…). */
export const statusSchema = z.looseObject({
  kind: z.literal("Status"),
  status: str.optional(),
  message: str.optional(),
  reason: str.optional(),
  code: z.number().optional(),
  details: z
    .looseObject({
      name: str.optional(),
      group: str.optional(),
      kind: str.optional(),
      causes: z.array(z.unknown()).optional(),
    })
    .nullish(),
  metadata: z.looseObject({ continue: str.optional(), resourceVersion: str.optional() }).nullish(),
});
export type WireStatus = z.infer<typeof statusSchema>;

/** One line of a watch stream. `object` is parsed later by type (a Status for ERROR). */
export const watchEventSchema = z.object({
  type: z.enum(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]),
  object: z.unknown(),
});
export type WireWatchEvent = z.infer<typeof watchEventSchema>;
