import type { Micros } from "./time";

export type SpanKind = "unspecified" | "internal" | "server" | "client" | "producer" | "consumer";
export type SpanStatus = "unset" | "ok" | "error";
export type AttrValue = string | number | boolean | null | AttrValue[] | { [k: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface SpanEvent {
  time: Micros;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  kind: "child_of" | "follows_from" | "link";
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: SpanKind;
  start: Micros;
  duration: Micros;
  status: SpanStatus;
  statusMessage?: string;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  /** Resource attributes (OTLP) or process tags (Jaeger v1): where container.id and host.name live. */
  resource: Attributes;
  /** Outside the viewer's scope: attributes, resource, events and links removed. */
  redacted?: true;
}

export interface Trace {
  traceId: string;
  spans: Span[];
  warnings: string[];
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootName: string;
  start: Micros;
  duration: Micros;
  spanCount: number;
  errorCount: number;
  services: string[];
}
