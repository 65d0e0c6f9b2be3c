// The `shop` scenario of /work/shared/fixtures/README.md: four busybox
// containers whose shell loops write the same log formats as the recorded
// fixtures. shop/{frontend,cart,payments}.sh are byte-for-byte the scripts
// recorded in podman-4.3/containers_json_all.json (`Command`), so the API shows
// the same multi-line command. They carry no comments for that reason:
//  * frontend: logfmt with trace_id/span_id; writes "<trace> <span>" of every
//    successful /api/checkout to /run/shop/checkout on the shared volume, and
//    cart and payments log that trace ID next: one trace in three formats.
//  * cart: JSON lines with traceId/spanId; burns a core for 5 s every ~20 s
//    (`timeout 5 yes`), after which the shell prints a bare "Terminated" line.
//  * payments: Spring-Boot-3 text with [trace-span], ~10 % ERROR + stack trace;
//    memory grows in 4 MiB steps (files in /dev/shm, a tmpfs charged to the
//    container's memory cgroup) and drops every 7th step; `--memory 64m`.
//  * web (web1): W3C `traceparent=00-<trace>-<span>-01` lines every second. The
//    fixture's web1 printed a bare trace_id; this one keeps its constant trace
//    ID 4bf92f3577b34da6a3ce929d0e0e4736 but in a 4th format, with a new span each line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HERE, IMAGE } from "./lib.mjs";

const script = (name) => readFileSync(join(HERE, "shop", `${name}.sh`), "utf8").trimEnd();

const composeLabels = (service) => ({
  "com.docker.compose.project": "shop",
  "com.docker.compose.service": service,
  "com.docker.compose.container-number": "1",
  "com.docker.compose.oneoff": "False",
  "com.docker.compose.version": "2.24.6",
  "org.opencontainers.image.title": `shop-${service}`,
});

export const TRACE_VOLUME = "shop_traces";

/** name, hostname, labels, script, whether the trace volume is mounted, extra `podman run` flags. */
export const SHOP = [
  {
    name: "shop-frontend-1",
    hostname: "frontend",
    labels: composeLabels("frontend"),
    script: script("frontend"),
    volume: true,
  },
  { name: "shop-cart-1", hostname: "cart", labels: composeLabels("cart"), script: script("cart"), volume: true },
  {
    name: "shop-payments-1",
    hostname: "payments",
    labels: composeLabels("payments"),
    script: script("payments"),
    volume: true,
    flags: ["--memory", "64m"],
  },
  {
    name: "web1",
    hostname: "web1",
    // A "pre-existing" container: only the two compose labels, as in the fixtures.
    labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "web" },
    script: script("web"),
  },
];

/** A spec for startExtraContainer(): a logfmt tick every second, shop compose labels. */
export function extraSpec(name, { service = name, labels, script, flags = [] } = {}) {
  return {
    name,
    hostname: name,
    labels: labels ?? { "com.docker.compose.project": "shop", "com.docker.compose.service": service },
    script:
      script ??
      `i=0; while true; do i=$((i+1)); echo "level=info msg=\\"tick\\" service=${service} n=$i"; sleep 1; done`,
    flags,
  };
}

/** `podman run` arguments for a spec. The ulimits are the only ones runc may set in this sandbox. */
export function runArgs(spec) {
  const args = ["run", "-d", "--name", spec.name, "--hostname", spec.hostname];
  for (const [k, v] of Object.entries(spec.labels)) args.push("--label", `${k}=${v}`);
  if (spec.volume) args.push("--volume", `${TRACE_VOLUME}:/run/shop`);
  args.push("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", ...(spec.flags ?? []));
  args.push(IMAGE, "sh", "-c", spec.script);
  return args;
}
