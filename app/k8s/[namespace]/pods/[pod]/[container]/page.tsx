// A Kubernetes container by namespace/pod/container (+ ?cluster=): the container workspace,
// which still works from Prometheus and Loki after the pod is deleted.
import ContainerPage from "@/app/containers/[ref]/page";
import { decodePathSegment } from "@/lib/url/links";
import { kubeRefOfRoute } from "@/lib/url/kube";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ namespace: string; pod: string; container: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function refOf(props: Props): Promise<string> {
  const p = await props.params;
  const sp = await props.searchParams;
  const cluster = typeof sp.cluster === "string" && sp.cluster ? sp.cluster : undefined;
  return kubeRefOfRoute(
    {
      namespace: decodePathSegment(p.namespace),
      pod: decodePathSegment(p.pod),
      container: decodePathSegment(p.container),
    },
    cluster,
  );
}

export async function generateMetadata(props: Props) {
  const p = await props.params;
  return { title: `${decodePathSegment(p.pod)}/${decodePathSegment(p.container)} · Sightline` };
}

export default async function KubeContainerPage(props: Props) {
  const ref = await refOf(props);
  return ContainerPage({ params: Promise.resolve({ ref: encodeURIComponent(ref) }), searchParams: props.searchParams });
}
