// Turns domain results and BackendErrors into Sightline API responses.
import { NextResponse } from "next/server";
import { BackendError, type ApiErrorBody } from "../model/errors";
import { redact } from "../model/redact";
import { selfMetrics } from "../observe/metrics";
import { currentRequestId } from "../observe/request-context";

export function ok<T>(data: T, init?: { status?: number }): NextResponse {
  return NextResponse.json(data, { status: init?.status ?? 200, headers: { "Cache-Control": "no-store" } });
}

/** A 200 with a JSON body already serialised (e.g. kept by the trace store). */
export function okJsonBytes(body: Uint8Array): NextResponse {
  return new NextResponse(body as unknown as BodyInit, {
    status: 200,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

export function toApiError(err: unknown): ApiErrorBody["error"] {
  const requestId = currentRequestId();
  if (err instanceof BackendError) {
    return { backend: err.backend, kind: err.kind, message: err.message, status: err.status, requestId };
  }
  const message = redact(err instanceof Error ? err.message : String(err));
  return { kind: "internal", message, requestId };
}

export function statusFor(err: unknown): number {
  if (!(err instanceof BackendError)) return 500;
  switch (err.kind) {
    case "timeout":
      return 504;
    case "query":
      return 400;
    case "not-found":
      return 404;
    case "config":
    case "busy":
      return 503;
    default:
      return 502;
  }
}

/** The browser went away (navigation, cancelled query): nothing to report. */
function isAbort(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === "AbortError" || name === "ResponseAborted";
}

export function fail(err: unknown): NextResponse {
  if (isAbort(err)) return new NextResponse(null, { status: 499 });
  const status = statusFor(err);
  if (err instanceof BackendError) selfMetrics().backendErrors.inc({ backend: err.backend, kind: err.kind });
  if (status === 500) console.error("[sightline] internal error", currentRequestId() ?? "", err);
  return NextResponse.json({ error: toApiError(err) } satisfies ApiErrorBody, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

export function badRequest(message: string, param?: string): NextResponse {
  return NextResponse.json(
    {
      error: { kind: "bad-request", message: param ? `${param}: ${message}` : message, requestId: currentRequestId() },
    } satisfies ApiErrorBody,
    { status: 400, headers: { "Cache-Control": "no-store" } },
  );
}

/** Run a handler; any thrown error becomes a JSON error with the backend named. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    return fail(err);
  }
}
