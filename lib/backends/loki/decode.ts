// Reading a Loki HTTP response. Errors are plain text even under an application/json
// Content-Type (fixtures README, Surprises), so the status code decides how a body is read.
import type { z } from "zod";
import { BackendError, type BackendErrorKind } from "../../model/errors";
import { type HttpResponse, parseJsonText } from "../http";
import { parseWith } from "../zod-error";
import { jsonErrorSchema } from "./schemas";

const B = "loki";

function kindForStatus(status: number): BackendErrorKind {
  if (status === 400) return "query"; // LogQL parse errors, limits
  if (status === 404) return "not-found";
  if (status === 413) return "too-large";
  if (status === 504) return "timeout";
  return "http";
}

/** Turn a non-2xx response into a BackendError; Loki's text is kept verbatim. */
export function lokiHttpError(res: HttpResponse, what: string): BackendError {
  const text = res.text.trim();
  let message = text;
  if (/^</.test(text)) {
    const excerpt = text.slice(0, 120).replace(/\s+/g, " ");
    message = `HTTP ${res.status}, expected Loki's error text, got HTML: ${JSON.stringify(excerpt)}`;
  } else if (text.startsWith("{")) {
    // Some Loki versions and gateways answer JSON errors; keep their message, else the raw text.
    try {
      const e = jsonErrorSchema.safeParse(JSON.parse(text));
      if (e.success) message = "message" in e.data ? e.data.message : e.data.error;
    } catch {
      // not JSON after all: keep the text
    }
  }
  return new BackendError(B, kindForStatus(res.status), `${what}: ${message || `HTTP ${res.status}`}`, {
    status: res.status,
  });
}

export function decodeLokiResponse<T extends z.ZodType>(res: HttpResponse, what: string, schema: T): z.infer<T> {
  if (res.status < 200 || res.status >= 300) throw lokiHttpError(res, what);
  return parseWith(B, what, schema, parseJsonText(B, res.text, what));
}

/** Bodies from this size on are read in steps with a turn of the event loop between them. */
export const BIG_BODY_CHARS = 256 * 1024;

const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * decodeLokiResponse for a body that may be big (a log page: up to 5,000 lines, some of them
 * long): the JSON parse and the schema check are separate tasks, with a turn of the event loop
 * before each, so other requests (/api/health) are not held behind the whole of it at once.
 */
export async function decodeLokiResponseInSteps<T extends z.ZodType>(
  res: HttpResponse,
  what: string,
  schema: T,
): Promise<z.infer<T>> {
  if (res.text.length < BIG_BODY_CHARS) return decodeLokiResponse(res, what, schema);
  if (res.status < 200 || res.status >= 300) throw lokiHttpError(res, what);
  await turn();
  const json = parseJsonText(B, res.text, what);
  await turn();
  const out = parseWith(B, what, schema, json);
  await turn();
  return out;
}
