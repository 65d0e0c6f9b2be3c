// The server's drawings of a container page's charts (app/containers/[ref]/chart-svgs.ts), kept
// for a short while so the page's HTML refers to each by a short URL (the drawing route below)
// instead of carrying it inline: as a data URL each drawing was in the HTML twice (the <img>
// and React's flight payload), ~360 kB of a 656 kB page (#15, 1a). The browser asks for them
// while it parses the HTML, right after it; a drawing asked for after TTL_MS is gone (404) and
// its chart draws itself in the browser, as with no drawing at all.
import { randomBytes } from "node:crypto";

export const DRAWING_TTL_MS = 120_000;
/** Bound on the bytes held: the oldest drawings go first past it. */
const MAX_BYTES = 32 * 1024 * 1024;

interface Kept {
  svg: string;
  at: number;
}

export class DrawingStore {
  private entries = new Map<string, Kept>();
  private bytes = 0;
  constructor(
    readonly ttlMs = DRAWING_TTL_MS,
    readonly maxBytes = MAX_BYTES,
  ) {}

  /** Keeps `svg` for the container `containerId`; returns its id (unguessable, URL-safe). */
  keep(containerId: string, svg: string, now = Date.now()): string {
    const id = randomBytes(12).toString("base64url");
    this.entries.set(`${containerId}/${id}`, { svg, at: now });
    this.bytes += svg.length;
    this.trim(now);
    return id;
  }

  /** The drawing `id` of the container `containerId` while it is kept. */
  get(containerId: string, id: string, now = Date.now()): string | undefined {
    const hit = this.entries.get(`${containerId}/${id}`);
    return hit && now - hit.at < this.ttlMs ? hit.svg : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  // Oldest first in a Map: drop from the front what is too old or over the byte bound.
  private trim(now: number): void {
    for (const [key, e] of this.entries) {
      if (now - e.at < this.ttlMs && this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= e.svg.length;
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
