// Scopes: which containers an identity may see, as selectors over the keys Sightline
// already knows about a container. A selector's keys are AND-ed; a scope's selectors are
// OR-ed. Patterns use `*` as the only wildcard, matched in linear time.
import { z } from "zod";
import { K8S_POD_NAMESPACE } from "../model/container";

/** What a selector reads of a container (engine containers, Prometheus-only partials, and
 * the Kubernetes fields once the model has them). */
export interface ScopedContainer {
  name: string;
  id?: string;
  engine?: string;
  host?: string;
  labels?: Record<string, string>;
  compose?: { project: string; service: string };
  pod?: { name: string; namespace?: string };
  namespace?: string;
  cluster?: string;
}

const pattern = z.string().min(1).max(256);

export const selectorSchema = z
  .object({
    /** Compose project (Docker or podman-compose label). */
    compose: pattern.optional(),
    /** Compose service. */
    service: pattern.optional(),
    /** Kubernetes namespace (the model's field, the pod's, or the io.kubernetes.pod.namespace label). */
    namespace: pattern.optional(),
    /** Kubernetes cluster name, when the model carries one. */
    cluster: pattern.optional(),
    /** Container name. */
    name: pattern.optional(),
    /** Engine kind (docker, podman, kubernetes…). */
    engine: pattern.optional(),
    /** The engine endpoint's display name the container was listed by. */
    host: pattern.optional(),
    /** Label name → value pattern; every listed label must match. */
    labels: z.record(z.string().min(1).max(256), pattern).optional(),
  })
  .strict()
  .refine((s) => Object.keys(s).length > 0, 'a selector needs at least one key (use "*" for everything)');

export type Selector = z.infer<typeof selectorSchema>;

/**
 * `all`: everything. Otherwise a container is in scope when it matches one selector of
 * `allow` and, for each list in `within`, one selector of that list (a signed link carries
 * the scope it was minted for inside the scope of whoever minted it).
 */
export type Scope = { all: true } | { all?: false; allow: Selector[]; within?: Selector[][] };

export const NOTHING: Scope = { allow: [] };
export const EVERYTHING: Scope = { all: true };

export const scopeSchema: z.ZodType<Scope> = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z
    .object({
      all: z.literal(false).optional(),
      allow: z.array(selectorSchema).max(200),
      within: z.array(z.array(selectorSchema).max(200)).max(8).optional(),
    })
    .strict(),
]) as z.ZodType<Scope>;

/** `*` wildcard match, linear in practice: greedy with one backtrack point (no regex engine). */
export function globMatch(pat: string, s: string): boolean {
  if (pat === "*") return true;
  if (!pat.includes("*")) return pat === s;
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (p < pat.length && pat[p] !== "*" && pat[p] === s[i]) {
      p++;
      i++;
    } else if (p < pat.length && pat[p] === "*") {
      star = p++;
      mark = i;
    } else if (star >= 0) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (p < pat.length && pat[p] === "*") p++;
  return p === pat.length;
}

function namespaceOf(c: ScopedContainer): string | undefined {
  return c.namespace ?? c.pod?.namespace ?? c.labels?.[K8S_POD_NAMESPACE];
}

const has = (pat: string | undefined, v: string | undefined) =>
  pat === undefined || (v !== undefined && globMatch(pat, v));

export function selectorMatches(sel: Selector, c: ScopedContainer): boolean {
  if (!has(sel.compose, c.compose?.project || undefined)) return false;
  if (!has(sel.service, c.compose?.service || undefined)) return false;
  if (!has(sel.namespace, namespaceOf(c))) return false;
  if (!has(sel.cluster, c.cluster)) return false;
  if (!has(sel.name, c.name.replace(/^\//, ""))) return false;
  if (!has(sel.engine, c.engine)) return false;
  if (!has(sel.host, c.host)) return false;
  for (const [k, v] of Object.entries(sel.labels ?? {})) if (!has(v, c.labels?.[k])) return false;
  return true;
}

export function inScope(scope: Scope, c: ScopedContainer): boolean {
  if (scope.all) return true;
  if (!scope.allow.some((s) => selectorMatches(s, c))) return false;
  return (scope.within ?? []).every((list) => list.some((s) => selectorMatches(s, c)));
}

/** `narrow` inside `outer`: what a link minted by someone with scope `outer` may show. */
export function narrowScope(outer: Scope, narrow: Selector[]): Scope {
  if (outer.all) return { allow: narrow };
  return { allow: narrow, within: [outer.allow, ...(outer.within ?? [])] };
}

/** A short human description, for pages and logs. */
export function describeScope(scope: Scope): string {
  if (scope.all) return "all containers";
  if (!scope.allow.length) return "no containers";
  const one = (s: Selector) =>
    Object.entries(s)
      .map(([k, v]) =>
        typeof v === "string"
          ? `${k}=${v}`
          : Object.entries(v)
              .map(([lk, lv]) => `label ${lk}=${lv}`)
              .join(", "),
      )
      .join(", ");
  return scope.allow.map(one).join(" or ") + (scope.within?.length ? " (within the minter's scope)" : "");
}
