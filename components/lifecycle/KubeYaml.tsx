"use client";
// "podman generate kube" on request: the YAML to move this container (or its pod) to Kubernetes.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { kubeYamlQuery } from "@/lib/queries/keys";

export function KubeYaml({ containerRef }: { containerRef: string }) {
  const [asked, setAsked] = useState(false);
  const q = useQuery(kubeYamlQuery(containerRef, asked));
  return (
    <details
      className="panel"
      data-testid="kube-yaml"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setAsked(true);
      }}
    >
      <summary>Kubernetes YAML (podman generate kube)</summary>
      {asked && q.isPending ? <div className="muted">asking Podman…</div> : null}
      {q.error ? <div className="muted">Podman: {q.error.message}</div> : null}
      {q.data?.reason ? <div className="muted">{q.data.reason}</div> : null}
      {q.data?.yaml ? (
        <>
          <div className="muted">
            {q.data.of === "pod" ? `the whole pod ${q.data.ref}` : "this container as a pod"} — save it and{" "}
            <span className="mono">kubectl apply -f</span> it
          </div>
          <pre className="mono" data-testid="kube-yaml-text" style={{ maxHeight: 360, overflow: "auto", fontSize: 12 }}>
            {q.data.yaml}
          </pre>
        </>
      ) : null}
    </details>
  );
}
