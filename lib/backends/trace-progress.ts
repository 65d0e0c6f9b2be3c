// A trace load in progress, seen from outside the decoder: whether the answer holds the trace
// yet (a span of it decoded), and a snapshot of the spans decoded so far. The trace store hands
// one to the backend's columnar decode (getTraceTable), so a page can show the first rows of a
// huge trace, labelled as partial, while the rest of the body is still arriving.
import type { SpanTable } from "../model/span-table";

export interface TraceSnapshot {
  /** The spans of the trace decoded so far (a table of its own: later spans do not change it). */
  table: SpanTable;
  /** Body bytes read so far, and the body's size when the answer said (Content-Length). */
  bytes: number;
  totalBytes?: number;
}

/** How much of the backend's answer is read: cheap to ask, as often as wanted. */
export interface TraceRead {
  bytes: number;
  totalBytes?: number;
}

export class TraceProgress {
  private source: (() => TraceSnapshot | undefined) | undefined;
  private reader: (() => TraceRead) | undefined;
  private resolveFound!: () => void;
  private isFound = false;
  /** Resolves once a span of the trace asked for is decoded; never rejects (a failed load: never). */
  readonly found: Promise<void> = new Promise((r) => {
    this.resolveFound = r;
  });

  /** The decoder's snapshot function (and its bytes read); undefined detaches (the decode ended). */
  attach(source: (() => TraceSnapshot | undefined) | undefined, read?: () => TraceRead): void {
    this.source = source;
    this.reader = source ? read : undefined;
  }

  /** Bytes of the answer read so far, while the decode runs; undefined before and after. */
  read(): TraceRead | undefined {
    return this.reader?.();
  }

  markFound(): void {
    if (this.isFound) return;
    this.isFound = true;
    this.resolveFound();
  }

  get hasFound(): boolean {
    return this.isFound;
  }

  /** What is decoded so far, or undefined (nothing of the trace yet, or the decode ended). */
  snapshot(): TraceSnapshot | undefined {
    return this.source?.();
  }
}
