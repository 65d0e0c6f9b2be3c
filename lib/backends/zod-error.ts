import type { z } from "zod";
import { BackendError, type BackendName } from "../model/errors";

/** Parse with a schema; on failure the error names the backend, the endpoint and the field path. */
export function parseWith<T extends z.ZodType>(
  backend: BackendName,
  what: string,
  schema: T,
  data: unknown,
): z.infer<T> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "(root)";
  throw new BackendError(backend, "parse", `${what}: unexpected response at ${path}: ${issue?.message ?? "invalid"}`, {
    cause: r.error,
  });
}
