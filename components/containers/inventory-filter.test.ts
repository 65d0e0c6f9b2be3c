import { describe, expect, it } from "vitest";
import type { Container } from "@/lib/model/container";
import { groupContainers, matchesSearch } from "./inventory-filter";

const mk = (name: string, labels: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  id: `${name.length}`.padEnd(64, "a"),
  shortId: "a".repeat(12),
  name,
  engine: "podman",
  host: "h",
  image: "localhost/bb:latest",
  state: "running",
  labels,
  source: "engine",
  ...extra,
});

describe("inventory search", () => {
  const c = mk("shop-cart-1", { "com.docker.compose.service": "cart" });
  it("matches name, label key=value, label text and id prefix", () => {
    expect(matchesSearch(c, "CART")).toBe(true);
    expect(matchesSearch(c, "com.docker.compose.service=cart")).toBe(true);
    expect(matchesSearch(c, "com.docker.compose.service=payments")).toBe(false);
    expect(matchesSearch(c, c.id.slice(0, 6))).toBe(true);
    expect(matchesSearch(c, "nothing-like-it")).toBe(false);
  });
  it("groups by compose project, then pod, standalone last", () => {
    const groups = groupContainers([
      mk("solo", {}),
      mk("a", {}, { compose: { project: "shop", service: "a" } }),
      mk("p", {}, { pod: { name: "mypod" } }),
    ]);
    expect(groups.map((g) => g.title)).toEqual(["mypod", "shop", "Standalone containers"]);
  });
});
