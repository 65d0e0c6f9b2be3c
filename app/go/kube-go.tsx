// /go's Kubernetes answer: a redirect to the container or workload, or a chooser of the pod's
// containers (from the inventory, else from Prometheus for a pod that is gone).
import Link from "next/link";
import { redirect } from "next/navigation";
import type { KubeAlertTarget } from "@/lib/server/go";
import type { ApiErrorBody } from "@/lib/model/errors";
import { kubeRef } from "@/lib/model/kube-ref";
import type { Millis } from "@/lib/model/time";
import { podContainersFromPrometheus } from "@/lib/server/kube-go";
import type { GoState } from "@/lib/url/go";
import { workloadHref } from "@/lib/url/kube";
import { containerHref } from "@/lib/url/links";
import { DEFAULT_RANGE, type RangeExpr, resolveRange } from "@/lib/url/range";

export async function KubeGo({
  target,
  state: s,
  range,
  now,
  errors,
}: {
  target: KubeAlertTarget;
  state: GoState;
  range: RangeExpr | undefined;
  now: Millis;
  errors: ApiErrorBody["error"][];
}) {
  const chrome = { theme: s.theme, embed: s.embed };
  const hrefFor = (ref: string) =>
    containerHref(ref, { ...chrome, ...(range ? { range } : {}), tab: s.tab, traceId: s.traceId, spanId: s.spanId });
  if (target.kind === "container") redirect(hrefFor(target.ref));
  if (target.kind === "workload") redirect(workloadHref(target.workload, { ...chrome, ...(range ? { range } : {}) }));
  let refs = target.candidates.map((c) => c.name);
  let fromPrometheus = false;
  let lookupError: string | undefined;
  if (refs.length === 0) {
    const tr = resolveRange(range ?? DEFAULT_RANGE, now);
    try {
      const names = await podContainersFromPrometheus(target.namespace, target.pod, tr);
      refs = names.map((container) =>
        kubeRef({
          ...(target.cluster ? { cluster: target.cluster } : {}),
          namespace: target.namespace,
          pod: target.pod,
          container,
        }),
      );
      fromPrometheus = true;
    } catch (err) {
      lookupError = err instanceof Error ? err.message : String(err);
    }
  }
  const only = refs[0];
  if (refs.length === 1 && only) redirect(hrefFor(only));
  return (
    <section className="panel" data-testid={refs.length ? "go-chooser" : "go-none"} style={{ maxWidth: 900 }}>
      <h1>
        {refs.length
          ? `Pod ${target.namespace}/${target.pod} has ${refs.length} containers`
          : `No container of pod ${target.namespace}/${target.pod} is known`}
      </h1>
      {fromPrometheus && refs.length ? (
        <p className="muted">The pod is not listed any more; its containers are named by Prometheus.</p>
      ) : null}
      <ul>
        {refs.map((ref) => (
          <li key={ref}>
            <Link href={hrefFor(ref)}>{ref}</Link>
          </li>
        ))}
      </ul>
      {lookupError ? <p className="muted">{lookupError}</p> : null}
      {errors.map((e, i) => (
        <p key={i} className="muted">
          {e.message}
        </p>
      ))}
    </section>
  );
}
