// A Kubernetes Event (core/v1) as the adapter reads it: what happened to which object, how
// often, first and last time. The kubelet aggregates repeats into one object (`count`,
// `firstTimestamp`/`lastTimestamp`); newer reporters write `eventTime` and `series` instead.
import type { Millis } from "./time";

export interface KubeEvent {
  /** OOMKilling, BackOff, Unhealthy, Killing, Started, Created, Pulled… */
  reason: string;
  message?: string;
  /** Normal or Warning. */
  type?: string;
  involved: { kind: string; name: string; namespace?: string; uid?: string; fieldPath?: string };
  /** The container that `involvedObject.fieldPath` names (`spec.containers{web}` → web). */
  container?: string;
  /** First and last occurrence (equal for a single one). */
  firstAt: Millis;
  lastAt: Millis;
  /** Occurrences folded into this object (≥ 1). */
  count: number;
  /** The component that reported it (kubelet, node-problem-detector…). */
  reporter?: string;
}

/** One read of a pod's events: bounded, so it may be incomplete. */
export interface KubeEventList {
  events: KubeEvent[];
  /** More events existed than one read returns. */
  truncated: boolean;
}
