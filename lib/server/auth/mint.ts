// Minting a signed link from the UI: for one container, or its compose project or
// namespace, inside the minter's own scope, with an expiry the minter picks.
import { z } from "zod";
import { LINK_PARAM, MAX_LINK_TTL_SECONDS, signLink } from "../../auth/link-token";
import { narrowScope, type Selector } from "../../auth/selector";
import type { AppConfig } from "../../config";
import { K8S_POD_NAMESPACE, type Container } from "../../model/container";
import type { Identity } from "./identity";

export const mintSchema = z
  .object({
    container: z.string().min(1).max(300),
    /** What the link may show: this container, its compose project, or its namespace. */
    reach: z.enum(["container", "compose", "namespace"]).default("container"),
    ttlSeconds: z.number().int().min(60).max(MAX_LINK_TTL_SECONDS),
  })
  .strict();
export type MintRequest = z.infer<typeof mintSchema>;

export type { MintResponse } from "../../model/api";
import type { MintResponse } from "../../model/api";

export function selectorFor(c: Container, reach: MintRequest["reach"]): Selector | string {
  if (reach === "compose") {
    return c.compose?.project ? { compose: c.compose.project } : `${c.name} is not in a compose project`;
  }
  if (reach === "namespace") {
    const ns = (c as { namespace?: string }).namespace ?? c.pod?.namespace ?? c.labels[K8S_POD_NAMESPACE];
    return ns ? { namespace: ns } : `${c.name} has no namespace`;
  }
  return { name: c.name };
}

export async function mint(
  cfg: AppConfig,
  who: Identity,
  c: Container,
  r: MintRequest,
): Promise<MintResponse | string> {
  const sel = selectorFor(c, r.reach);
  if (typeof sel === "string") return sel;
  const scope = narrowScope(who.scope, [sel]);
  const { token, claims } = await signLink(cfg.auth.linkKeys, { scope, ttlSeconds: r.ttlSeconds, sub: who.id });
  const t = `${LINK_PARAM}=${token}`;
  const name = encodeURIComponent(c.name);
  return {
    token,
    expiresAt: claims.exp * 1000,
    scope: Object.entries(sel)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", "),
    embedTemplate: `/embed/containers/\${name}?from=\${__from}&to=\${__to}&theme=dark&${t}`,
    goTemplate: `/go?name={{ $labels.name }}&startsAt={{ .StartsAt.Format "2006-01-02T15:04:05Z07:00" }}&${t}`,
    embed: `/embed/containers/${name}?from=now-1h&to=now&${t}`,
    go: `/go?name=${name}&${t}`,
  };
}
