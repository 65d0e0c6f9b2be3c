// API server answers → BackendErrors a user can act on: a 403 names the verb and resource the
// ClusterRole lacks, a 401 says the credentials were refused, a 410 is told apart for re-listing.
import { BackendError } from "../../model/errors";
import { bodyExcerpt } from "../http";
import { statusSchema, type WireStatus } from "./schemas";

export class GoneError extends BackendError {
  constructor(message: string) {
    super("kubernetes", "http", message, { status: 410 });
    this.name = "GoneError";
  }
}

export function parseStatus(text: string): WireStatus | undefined {
  try {
    const r = statusSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

const FORBIDDEN_RE = /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?/;

/** `list pods` (core) or `get replicasets.apps`, from a Forbidden Status message. */
export function missingPermission(st: WireStatus | undefined, verb: string, resource: string): string {
  const m = st?.message ? FORBIDDEN_RE.exec(st.message) : null;
  if (m) return `${m[1]} ${m[2]}${m[3] ? `.${m[3]}` : ""}`;
  return `${verb} ${resource}`;
}

export function statusError(status: number, text: string, what: { verb: string; resource: string; describe: string }) {
  const st = parseStatus(text);
  const msg = st?.message ?? bodyExcerpt(text);
  if (status === 401)
    return new BackendError(
      "kubernetes",
      "http",
      `the API server refused the credentials of ${what.describe} (401 Unauthorized${msg ? `: ${msg}` : ""})`,
      { status },
    );
  if (status === 403) {
    const perm = missingPermission(st, what.verb, what.resource);
    return new BackendError(
      "kubernetes",
      "http",
      `forbidden: Sightline may not ${perm} (${msg}); grant it in the ClusterRole (deploy/kubernetes/rbac.yaml)`,
      { status },
    );
  }
  if (status === 410) return new GoneError(msg || "410 Gone: the resource version or continue token expired");
  return new BackendError(
    "kubernetes",
    "http",
    `${what.verb} ${what.resource}: HTTP ${status}${msg ? `: ${msg}` : ""}`,
    {
      status,
    },
  );
}
