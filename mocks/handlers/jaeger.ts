// MSW handlers for the Jaeger query service. api "v1" leaves /api/v3/* unhandled (404) so a
// client's v3 → v1 fallback is exercised; "v3" is a Jaeger after the v1 search was removed.
import type { HttpHandler } from "msw";
import type { JaegerSource } from "../sources";
import { jaegerV1Handlers } from "./jaeger-v1";
import { jaegerV3Handlers } from "./jaeger-v3";

export type JaegerApi = "v3" | "v1" | "both";

export interface JaegerHandlerOptions {
  api?: JaegerApi;
  /** Clock for v1's default search window (end = now); the world's clock in demos. */
  now?: () => number;
}

export function jaegerHandlers(baseUrl: string, src: JaegerSource, opts: JaegerHandlerOptions = {}): HttpHandler[] {
  const api = opts.api ?? "both";
  const now = opts.now ?? Date.now;
  return [
    ...(api === "v1" ? [] : jaegerV3Handlers(baseUrl, src)),
    ...(api === "v3" ? [] : jaegerV1Handlers(baseUrl, src, now)),
  ];
}
