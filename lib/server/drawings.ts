// The server's drawings of a container page's charts (app/containers/[ref]/chart-svgs.ts), kept
// for a short while so the page's HTML refers to each by a short URL (the drawing route below)
// instead of carrying it inline: as a data URL each drawing was in the HTML twice (the <img>
// and React's flight payload), ~360 kB of a 656 kB page (#15, 1a). The browser asks for them
// while it parses the HTML, right after it; a drawing asked for after TTL_MS is gone (404) and
// its chart draws itself in the browser, as with no drawing at all.
// A drawing is made when the browser first asks for it, not while the page renders: ECharts'
// SVG rendering of a page's six charts is 70–150 ms of the server's thread, and made with the
// page it held back the page's first byte by that much (#15, 1a); asked for, it is made while
// the browser parses the page. A drawing that fails then answers 404 (the chart draws itself).
import { randomBytes } from "node:crypto";

export const DRAWING_TTL_MS = 120_000;
/** Bound on the bytes held: the oldest drawings go first past it. */
const MAX_BYTES = 32 * 1024 * 1024;
/**
 * What a drawing not made yet counts for against MAX_BYTES: its option and data (a chart's
 * 300 points per line, its exemplars) are about the size of its SVG (a CPU chart's: ~28 kB).
 */
export const PENDING_BYTES = 32 * 1024;

/** An SVG, or how to make it (undefined: it cannot be drawn). */
export type Drawing = string | (() => string | undefined);

interface Kept {
  drawing: Drawing;
  bytes: number;
  at: number;
}

export class DrawingStore {
  private entries = new Map<string, Kept>();
  private bytes = 0;
  constructor(
    readonly ttlMs = DRAWING_TTL_MS,
    readonly maxBytes = MAX_BYTES,
  ) {}

  /**
   * Keeps `drawing` for the container `containerId`; returns its id (unguessable, URL-safe).
   * A function is called when the drawing is first asked for, once.
   */
  keep(containerId: string, drawing: Drawing, now = Date.now()): string {
    const id = randomBytes(12).toString("base64url");
    const bytes = typeof drawing === "string" ? drawing.length : PENDING_BYTES;
    this.entries.set(`${containerId}/${id}`, { drawing, bytes, at: now });
    this.bytes += bytes;
    this.trim(now);
    return id;
  }

  /** The drawing `id` of the container `containerId` while it is kept (made now if it was not yet). */
  get(containerId: string, id: string, now = Date.now()): string | undefined {
    const key = `${containerId}/${id}`;
    const hit = this.entries.get(key);
    if (!hit || now - hit.at >= this.ttlMs) return undefined;
    return this.make(key, hit, now);
  }

  private make(key: string, hit: Kept, now: number): string | undefined {
    if (typeof hit.drawing === "string") return hit.drawing;
    let svg: string | undefined;
    try {
      svg = hit.drawing();
    } catch {
      svg = undefined;
    }
    this.bytes -= hit.bytes;
    if (svg === undefined) {
      this.entries.delete(key);
      return undefined;
    }
    // Same place in the Map (its age is the page's), the SVG's own size from now on.
    hit.drawing = svg;
    hit.bytes = svg.length;
    this.bytes += svg.length;
    this.trim(now);
    return svg;
  }

  get size(): number {
    return this.entries.size;
  }

  // Oldest first in a Map: drop from the front what is too old or over the byte bound.
  private trim(now: number): void {
    for (const [key, e] of this.entries) {
      if (now - e.at < this.ttlMs && this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= e.bytes;
    }
  }
}

// One store per process: the page and the drawing route are separate bundles, each with its
// own copy of this module.
const g = globalThis as typeof globalThis & { __sightlineDrawings?: DrawingStore };
export const drawings = (g.__sightlineDrawings ??= new DrawingStore());

/** The URL of a kept drawing, under the container's own API path (same access control). */
export function drawingUrl(ref: string, id: string): string {
  return `/api/containers/${encodeURIComponent(ref)}/drawing/${id}`;
}
