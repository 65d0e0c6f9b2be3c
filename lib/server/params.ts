// Query parameters of Sightline's own API, parsed with zod. The browser always sends an
// absolute range in epoch ms (it resolves relative ranges itself).
import { z } from "zod";
import { type Millis, millis, type TimeRange } from "../model/time";

const MAX_RANGE_MS = 90 * 24 * 3600 * 1000;

const ms = z
  .string()
  .regex(/^\d{1,15}$/, "must be epoch milliseconds")
  .transform((s) => millis(Number(s)));

export const rangeSchema = z
  .object({ from: ms, to: ms })
  .refine((r) => r.from < r.to, { message: "from must be before to", path: ["from"] })
  .refine((r) => r.to - r.from <= MAX_RANGE_MS, { message: "range is longer than 90 days", path: ["from"] });

export type ParseResult<T> = { ok: true; value: T } | { ok: false; param: string; message: string };

export function parseParams<T extends z.ZodType>(schema: T, sp: URLSearchParams): ParseResult<z.infer<T>> {
  const raw: Record<string, string> = {};
  for (const [k, v] of sp) if (!(k in raw)) raw[k] = v;
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  return { ok: false, param: String(issue?.path[0] ?? "query"), message: issue?.message ?? "invalid" };
}

export function rangeOf(v: { from: Millis; to: Millis }): TimeRange {
  return { from: v.from, to: v.to };
}
