// A large inventory starts with one row per workload; a small one shows every container.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Container } from "@/lib/model/container";
import { groupKube } from "./kube-groups";
import { KubeInventory } from "./KubeInventory";

const pod = (i: number, restarts = 0): Container[] =>
  ["app", "sidecar"].map(
    (n) =>
      ({
        id: `${i}${n}`,
        shortId: "",
        name: `demo:shop/web-${i}/${n}`,
        engine: "kubernetes",
        host: "demo",
        image: "",
        state: "running",
        labels: {},
        source: "engine",
        cluster: "demo",
        namespace: "shop",
        restartCount: restarts,
        pod: { name: `web-${i}`, namespace: "shop" },
        kube: {
          container: n,
          kind: "container",
          workload: { kind: "Deployment", name: "web" },
          ...(restarts ? { lastTerminated: { reason: "OOMKilled", exitCode: 137 } } : {}),
        },
      }) as Container,
  );

const render = (expandAll: boolean) =>
  renderToStaticMarkup(
    createElement(KubeInventory, { groups: groupKube([...pod(1), ...pod(2, 2)]), chrome: { embed: false }, expandAll }),
  );

describe("KubeInventory", () => {
  it("collapsed: the workload row with its totals and a toggle, no container rows", () => {
    const html = render(false);
    expect(html).not.toContain('data-testid="container-row"');
    expect(html).toContain('data-expanded="0"');
    expect(html).toContain("2 pods · 4 containers · 4 restarts");
    expect(html).toContain("2 last terminated");
    expect(html).toMatch(/data-testid="kube-workload-toggle"[^>]*>show pods</);
  });

  it("expanded: every container row, no toggle", () => {
    const html = render(true);
    expect(html.match(/data-testid="container-row"/g)).toHaveLength(4);
    expect(html).not.toContain("kube-workload-toggle");
    expect(html).toContain("OOMKilled (137)");
  });
});
