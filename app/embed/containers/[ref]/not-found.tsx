import { headers } from "next/headers";
import { containerRefFromPath } from "@/lib/url/ref-from-path";

/** No container matched the embed's ref (HTTP 404). */
export default async function EmbedContainerNotFound() {
  const ref = containerRefFromPath((await headers()).get("x-sightline-path"));
  return (
    <div className="state error" data-testid="embed-not-found">
      No container “{ref}” in any engine or in Prometheus.
    </div>
  );
}
