import { headers } from "next/headers";
import Link from "next/link";
import { WORKLOAD_SEGMENTS } from "@/lib/url/kube";

/** The path of a not-found page, for the text: decoded where it can be, at most 200 characters. */
function shownPath(raw: string | null): string {
  const p = (raw ?? "").split("?")[0] ?? "";
  let out = p;
  try {
    out = decodeURI(p);
  } catch {}
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

/**
 * Any path no page answers (HTTP 404), and an unknown workload kind. Before, Next's bare "This
 * page could not be found." (app/not-found.tsx, and the workload page itself).
 */
export async function NotFoundPage() {
  const path = shownPath((await headers()).get("x-sightline-path"));
  return (
    <section className="panel" data-testid="not-found">
      <h1>Nothing at {path ? <span className="mono">{path}</span> : "this address"}</h1>
      <p className="muted">
        Sightline has pages for <Link href="/">containers</Link> (
        <span className="mono">{"/containers/{name or id}"}</span>), traces (
        <span className="mono">{"/traces/{trace id}"}</span>) and Kubernetes workloads (
        <span className="mono">{`/k8s/{namespace}/{${Object.values(WORKLOAD_SEGMENTS).join("|")}}/{name}`}</span>).
      </p>
    </section>
  );
}
