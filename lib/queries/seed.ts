// Panel data the server-rendered container page answers in its own HTML (lib/server/panel-seeds.ts):
// the same bodies the panels' API URLs return, keyed by those URLs. A panel takes a seed only
// for the very URL it would fetch now, as its query's initial data; otherwise (another range,
// the server gave up waiting, the backend failed) it asks the API as before.
import type { ContainerLogsResponse, ContainerMetricsResponse, ContainerTracesResponse } from "../model/api";

export type PanelSeed<T> =
  | {
      /** The API URL this body answers (lib/queries/keys.ts builds it for both sides). */
      url: string;
      /** When the server had the answer (epoch ms): the query's initialDataUpdatedAt. */
      at: number;
      data: T;
    }
  | {
      url: string;
      at: number;
      /** Why the page has no data for this panel (the panel asks the API itself). */
      skipped: string;
    };

/** The metrics panel's seed also carries each chart drawn on the server (SVG image URLs, lib/server/drawings.ts). */
export type MetricsSeed = PanelSeed<ContainerMetricsResponse> & { charts?: Record<string, string> };
/**
 * The logs panel's seed is a preview: the answer's first LOG_PREVIEW_LINES lines (its first
 * screen), painted from the HTML while the panel asks the API for the whole page (answered
 * from the server's logs cache the page filled). A thousand lines in the HTML would cost the
 * server more than the round trip they save.
 */
export type LogsSeed = PanelSeed<ContainerLogsResponse & { previewOf: number }> & {
  /** The log volume chart drawn on the server (an SVG image URL). */
  chart?: string;
};
export const LOG_PREVIEW_LINES = 40;
/** With the trace scatter drawn on the server (an SVG image URL). */
export type TracesSeed = PanelSeed<ContainerTracesResponse> & { chart?: string };

/** The panels' answers the server page hands to the workspace (its HTML waits for them). */
export interface PanelSeeds {
  metrics: MetricsSeed;
  logs: LogsSeed;
  traces: TracesSeed;
}

/** The seed's body and time when it answers exactly `url`; undefined otherwise. */
export function seedFor<T>(seed: PanelSeed<T> | undefined, url: string): { data: T; at: number } | undefined {
  if (!seed || seed.url !== url || !("data" in seed)) return undefined;
  return { data: seed.data, at: seed.at };
}
