import { headers } from "next/headers";
import Link from "next/link";
import { containerRefFromPath } from "@/lib/url/ref-from-path";

/** No container matched the link's ref (HTTP 404). */
export default async function ContainerNotFound() {
  const ref = containerRefFromPath((await headers()).get("x-sightline-path"));
  return (
    <section className="panel" data-testid="container-not-found">
      <h1>No container “{ref}”</h1>
      <p className="muted">
        Searched every engine and Prometheus by full id, short id and name. <Link href="/">See all containers</Link>.
      </p>
    </section>
  );
}
