import { describe, expect, it } from "vitest";
import type { Container } from "../model/container";
import { matchAlertLabels } from "./alert-match";

const mk = (name: string, id: string, labels: Record<string, string>): Container => ({
  id: id.padEnd(64, "0"),
  shortId: id.slice(0, 12),
  name,
  engine: "podman",
  host: "h",
  image: "localhost/bb:latest",
  state: "running",
  labels,
  compose: labels["com.docker.compose.service"]
    ? { project: labels["com.docker.compose.project"] ?? "", service: labels["com.docker.compose.service"] }
    : undefined,
  source: "engine",
});

const pay = mk("shop-payments-1", "30d8c784ea3f", {
  "com.docker.compose.project": "shop",
  "com.docker.compose.service": "payments",
});
const cart = mk("shop-cart-1", "99c0c0c75c85", {
  "com.docker.compose.project": "shop",
  "com.docker.compose.service": "cart",
});
const all = [pay, cart];

describe("matchAlertLabels", () => {
  it("matches cAdvisor's name label and ignores unknown labels", () => {
    const r = matchAlertLabels({ name: "shop-payments-1", alertname: "HighCPU", severity: "page" }, all);
    expect(r.matches).toEqual([pay]);
    expect(r.ignored).toEqual(["alertname", "severity"]);
  });
  it("matches a cgroup id path and a short id", () => {
    expect(matchAlertLabels({ id: `/libpod_parent/libpod-${pay.id}` }, all).matches).toEqual([pay]);
    expect(matchAlertLabels({ id: "99c0c0c75c85" }, all).matches).toEqual([cart]);
  });
  it("matches sanitised compose labels, with and without the container_label_ prefix", () => {
    expect(matchAlertLabels({ container_label_com_docker_compose_service: "cart" }, all).matches).toEqual([cart]);
    expect(matchAlertLabels({ com_docker_compose_service: "payments" }, all).matches).toEqual([pay]);
  });
  it("returns several candidates when labels only narrow to a project", () => {
    expect(matchAlertLabels({ container_label_com_docker_compose_project: "shop" }, all).matches).toHaveLength(2);
  });
  it("returns nothing (not everything) when no label is recognised, or a label contradicts", () => {
    expect(matchAlertLabels({ instance: "host:9100", job: "node" }, all).matches).toEqual([]);
    expect(matchAlertLabels({ name: "shop-cart-1", com_docker_compose_service: "payments" }, all).matches).toEqual([]);
  });
  it("accepts Docker's leading slash in names", () => {
    expect(matchAlertLabels({ container_name: "/shop-cart-1" }, all).matches).toEqual([cart]);
  });
});
