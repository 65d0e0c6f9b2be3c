// `/k8s/{namespace}/{deployments|statefulsets|daemonsets|cronjobs|jobs|replicasets}/{name}`.
import { permanentRedirect } from "next/navigation";
import { NotFoundPage } from "@/components/layout/NotFoundPage";
import { setResponseStatus } from "@/lib/observe/request-context";
import { WorkloadPage } from "@/components/containers/WorkloadPage";
import { PanelError } from "@/components/ui/PanelState";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { headers } from "next/headers";
import type { Container } from "@/lib/model/container";
import { millis } from "@/lib/model/time";
import { requestSignal } from "@/lib/observe/request-context";
import { accessFor } from "@/lib/server/auth/access";
import { workloadView } from "@/lib/server/workload";
import { WORKLOAD_SEGMENTS, workloadKindOfAlias, workloadKindOfSegment } from "@/lib/url/kube";
import { decodePathSegment } from "@/lib/url/links";
import { resolveRange } from "@/lib/url/range";
import { parseInventoryView } from "@/lib/url/state-parse";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ namespace: string; kind: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  const p = await params;
  return { title: `${decodePathSegment(p.name)} · ${decodePathSegment(p.namespace)} · Sightline` };
}

export default async function Workload({ params, searchParams }: Props) {
  const p = await params;
  const sp = await searchParams;
  const kind = workloadKindOfSegment(p.kind);
  if (!kind) {
    // `deployment`, `deploy`, `Deployment`…: the canonical path, same query.
    const alias = workloadKindOfAlias(p.kind);
    if (!alias) {
      // Not notFound(): Next 16 answers it with an empty HTML shell that scripts fill in (see the
      // embed page); the status is set directly and the message rendered here.
      setResponseStatus(404);
      return <NotFoundPage />;
    }
    const search = new URL((await headers()).get("x-sightline-path") ?? "/", "http://x").search;
    permanentRedirect(`/k8s/${p.namespace}/${WORKLOAD_SEGMENTS[alias]}/${p.name}${search}`);
  }
  const now = millis(Date.now());
  const parsed = parseInventoryView(sp, now);
  const path = `/k8s/${p.namespace}/${p.kind}/${p.name}`;
  if (!parsed.ok) return <UrlErrorPage path={path} errors={parsed.errors} corrected={parsed.corrected} />;
  const cluster = typeof sp.cluster === "string" && sp.cluster ? sp.cluster : undefined;
  const w = {
    ...(cluster ? { cluster } : {}),
    namespace: decodePathSegment(p.namespace),
    kind,
    name: decodePathSegment(p.name),
  };
  const range = resolveRange(parsed.state.range, now);
  // Access control: the workload is shown to a caller whose scope covers its namespace (and
  // cluster), or who can see one of its containers; to anyone else it does not exist.
  const access = accessFor(await headers(), "/k8s/[namespace]/[kind]/[name]", path);
  if (!access.identity.scope.all) {
    const synthetic = {
      name: w.name,
      namespace: w.namespace,
      cluster: w.cluster,
      labels: {},
      kube: { workload: { kind, name: w.name } },
    } as unknown as Container;
    const inv = await access.inventory();
    const covered =
      access.visible(synthetic) ||
      inv.containers.some(
        (c) =>
          c.namespace === w.namespace && (!w.cluster || c.cluster === w.cluster) && c.kube?.workload?.name === w.name,
      );
    access.audit(covered ? 200 : 404, `${w.namespace}/${w.name}`);
    if (!covered) {
      setResponseStatus(404);
      return <NotFoundPage />;
    }
  }
  try {
    // Abandoned when the browser leaves (the App Router gives a page no signal of its own).
    const view = await workloadView(w, range, requestSignal());
    return <WorkloadPage view={view} range={range} rangeExpr={parsed.state.range} />;
  } catch (err) {
    return <PanelError error={err} what={`${kind} ${w.name}`} />;
  }
}
