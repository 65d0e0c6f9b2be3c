// The one place routes and server components reach containers through: the inventory and
// ref resolution here are already cut to the caller's scope, so a container outside it is
// simply "not found" (404, never 403: the answer must not confirm that it exists), and every
// data request leaves one audit line. app/ must not import lib/server/containers directly
// (lib/server/auth/access.test.ts fails when it does).
import type { Container } from "../../model/container";
import { inScope } from "../../auth/selector";
import { getConfig } from "../../config";
import { type Inventory, listContainers, resolveContainer, type Resolved } from "../containers";
import { type Identity, identityOf } from "./identity";

export interface Access {
  identity: Identity;
  /** The route pattern, e.g. "/api/containers/[ref]/logs" (for the audit log). */
  route: string;
  visible(c: Container): boolean;
  /** The inventory, only the containers in scope. */
  inventory(): Promise<Inventory>;
  /** The full inventory: only for deciding what to hide (trace redaction), never to show. */
  unscopedInventory(): Promise<Inventory>;
  /** A ref resolved within scope: out-of-scope containers are not found, and not candidates. */
  resolve(ref: string, signal?: AbortSignal): Promise<Resolved>;
  /** One audit line: who, route, container, outcome. */
  audit(outcome: number | string, container?: string, extra?: Record<string, unknown>): void;
}

export function scopedInventory(identity: Identity, inv: Inventory): Inventory {
  if (identity.scope.all) return inv;
  return { containers: inv.containers.filter((c) => inScope(identity.scope, c)), errors: inv.errors };
}

export function accessFor(headers: Headers, route: string, path?: string): Access {
  const identity = identityOf(headers);
  const visible = (c: Container) => inScope(identity.scope, c);
  return {
    identity,
    route,
    visible,
    async inventory() {
      return scopedInventory(identity, await listContainers());
    },
    unscopedInventory: listContainers,
    async resolve(ref, signal) {
      if (identity.scope.all) return resolveContainer(ref, signal);
      // Match against the scoped list first, so an ambiguous name never lists hidden candidates.
      const r = await resolveContainer(ref, signal, (list) => list.filter(visible));
      return r.container && !visible(r.container) ? { container: undefined, candidates: [], errors: r.errors } : r;
    },
    audit(outcome, container, extra) {
      auditLine({ identity, route, path, container, outcome, ...extra });
    },
  };
}

export function auditLine(e: {
  identity: Identity;
  route: string;
  path?: string;
  container?: string;
  outcome: number | string;
  [k: string]: unknown;
}): void {
  if (!getConfig().auth.audit) return;
  const { identity, ...rest } = e;
  console.log(
    JSON.stringify({
      audit: "sightline",
      at: new Date().toISOString(),
      who: identity.id,
      via: identity.via,
      ...rest,
    }),
  );
}
