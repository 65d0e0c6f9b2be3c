// `GET /libpod/generate/kube?names=…`: the YAML `podman generate kube` writes, in the layout of
// lib/backends/engine/__fixtures__/podman-4.3-generate-kube-web1.yaml, sent as application/x-tar
// like Podman 4.3; an unknown name is a 500 with "not found", as recorded.
import type { EngineContainerSource, EngineSource } from "../sources";
import { type EngineFlavor, json, stream } from "./engine-http";

const q = (s: string) => JSON.stringify(s);

export function kubeYaml(c: EngineContainerSource, nowMs: number): string {
  const annotations = [
    "io.kubernetes.cri-o.TTY",
    "io.podman.annotations.autoremove",
    "io.podman.annotations.init",
    "io.podman.annotations.privileged",
    "io.podman.annotations.publish-all",
  ];
  const lines = [
    "# Save the output of this file and use kubectl create -f to import",
    "# it into Kubernetes.",
    "#",
    "# Created with podman-4.3.1",
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  annotations:",
    ...annotations.map((a, i) => `    ${a}/${c.name}: ${i === 0 ? '"false"' : '"FALSE"'}`),
    `  creationTimestamp: ${q(new Date(nowMs).toISOString().replace(/\.\d+Z$/, "Z"))}`,
    "  labels:",
    `    app: ${c.name}-pod`,
    `  name: ${c.name}-pod`,
    "spec:",
    "  automountServiceAccountToken: false",
    "  containers:",
    "  - command:",
    ...c.command.map((a) => `    - ${q(a)}`),
    "    env:",
    ...c.env
      .filter((e) => !e.startsWith("PATH="))
      .flatMap((e) => {
        const i = e.indexOf("=");
        return [`    - name: ${e.slice(0, i)}`, `      value: ${q(e.slice(i + 1))}`];
      }),
    `    image: ${c.image}`,
    `    name: ${c.name}`,
  ];
  if (c.ports.length) {
    lines.push("    ports:");
    for (const p of c.ports) lines.push(`    - containerPort: ${p.containerPort}`, `      hostPort: ${p.hostPort}`);
  }
  if (c.memoryLimitBytes || c.nanoCpus) {
    lines.push("    resources:", "      limits:");
    if (c.nanoCpus) lines.push(`        cpu: ${Math.round(c.nanoCpus / 1e6)}m`);
    if (c.memoryLimitBytes) lines.push(`        memory: ${c.memoryLimitBytes}`);
  }
  lines.push(
    "    securityContext:",
    "      capabilities: {}",
    "  enableServiceLinks: false",
    `  hostname: ${c.hostname}`,
    "",
  );
  return lines.join("\n");
}

export function generateKubeResponse(flavor: EngineFlavor, src: EngineSource, names: string | null): Response {
  const ref = (names ?? "").replace(/^\//, "");
  const c = src.containers().find((x) => x.name === ref || (ref.length >= 3 && x.id.startsWith(ref)));
  if (!c) {
    const cause = `name or ID ${q(ref)} not found`;
    return json(flavor, { cause, message: `generating YAML: ${cause}`, response: 500 }, 500);
  }
  return stream(flavor, new TextEncoder().encode(kubeYaml(c, src.now())), "application/x-tar");
}
