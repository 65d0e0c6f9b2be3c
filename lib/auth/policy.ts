// The policy file (SIGHTLINE_POLICY_FILE): which users and groups see which containers, and
// who is an admin. Default deny: an identity no rule names sees nothing.
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { EVERYTHING, NOTHING, type Scope, type Selector, selectorSchema } from "./selector";

const names = z.array(z.string().min(1).max(256)).max(1000);

const ruleSchema = z
  .object({
    /** Group names (from the proxy's groups header or the OIDC groups claim). */
    groups: names.optional(),
    /** User names or emails; "*" is any authenticated user. */
    users: names.optional(),
    /** "*" for every container, or selectors (OR-ed). */
    allow: z.union([z.literal("*"), z.array(selectorSchema).min(1).max(200)]),
  })
  .strict()
  .refine((r) => (r.groups?.length ?? 0) + (r.users?.length ?? 0) > 0, "a rule needs groups or users");

export const policySchema = z
  .object({
    /** Admins see every container and may open the correlation settings. */
    admins: z.object({ groups: names.optional(), users: names.optional() }).strict().optional(),
    rules: z.array(ruleSchema).max(1000).default([]),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export interface Principal {
  user: string;
  email?: string;
  groups: string[];
}

function names_match(list: string[] | undefined, p: Principal, kind: "users" | "groups"): boolean {
  if (!list) return false;
  if (kind === "groups") return p.groups.some((g) => list.includes(g));
  return list.includes("*") || list.includes(p.user) || (p.email !== undefined && list.includes(p.email));
}

export function isAdmin(policy: Policy, p: Principal): boolean {
  const a = policy.admins;
  return Boolean(a && (names_match(a.users, p, "users") || names_match(a.groups, p, "groups")));
}

/** Every rule that names the principal contributes its selectors; admins see everything. */
export function scopeFor(policy: Policy, p: Principal): { scope: Scope; admin: boolean } {
  if (isAdmin(policy, p)) return { scope: EVERYTHING, admin: true };
  const allow: Selector[] = [];
  for (const r of policy.rules) {
    if (!names_match(r.users, p, "users") && !names_match(r.groups, p, "groups")) continue;
    if (r.allow === "*") return { scope: EVERYTHING, admin: false };
    allow.push(...r.allow);
  }
  return { scope: allow.length ? { allow } : NOTHING, admin: false };
}

export class PolicyError extends Error {}

/** Parse a policy document; errors name the path inside the file. */
export function parsePolicy(text: string, file = "policy"): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PolicyError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const r = policySchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new PolicyError(`${file}: ${i?.path.join(".") || "(top)"}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}

let cache: { file: string; mtimeMs: number; policy: Policy } | undefined;

/** The policy file, re-read when it changes (so an edit needs no restart). A file that
 * stops parsing keeps the last good policy and logs why. */
export function loadPolicy(file: string): Policy {
  const st = statSync(file);
  if (cache && cache.file === file && cache.mtimeMs === st.mtimeMs) return cache.policy;
  try {
    const policy = parsePolicy(readFileSync(file, "utf8"), file);
    cache = { file, mtimeMs: st.mtimeMs, policy };
    return policy;
  } catch (err) {
    if (cache && cache.file === file) {
      console.error(`[sightline] SIGHTLINE_POLICY_FILE: keeping the previous policy: ${(err as Error).message}`);
      cache.mtimeMs = st.mtimeMs;
      return cache.policy;
    }
    throw err;
  }
}
