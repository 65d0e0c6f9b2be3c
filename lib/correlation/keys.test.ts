import { describe, expect, it } from "vitest";
import { fixtureContainer } from "./fixtures.test-helper";
import { containerKeys, idFromCgroupPath, keyValue, stripSlash } from "./keys";

const PAYMENTS_ID = "30d8c784ea3faa934ab3758eddc153fc88b24e01e137ffeb1389ec2083c1c43c";

describe("containerKeys", () => {
  it("derives every key of a compose container from the podman fixture", () => {
    const k = containerKeys(fixtureContainer("shop-payments-1"));
    expect(k).toMatchObject({
      id: PAYMENTS_ID,
      shortId: "30d8c784ea3f",
      name: "shop-payments-1",
      composeProject: "shop",
      composeService: "payments",
      image: "localhost/bb:latest",
    });
    expect(k.pod).toBeUndefined();
    expect(k.cgroupIdCandidates).toContain(`/libpod_parent/libpod-${PAYMENTS_ID}`);
    expect(k.cgroupIdCandidates).toContain(`/system.slice/docker-${PAYMENTS_ID}.scope`);
  });

  it("copes with a Prometheus-only partial container: leading slash, no id, pod and hostname", () => {
    const k = containerKeys({ name: "/web", pod: { name: "mypod" }, hostname: "web-host" });
    expect(k).toMatchObject({ id: "", shortId: "", name: "web", pod: "mypod", hostname: "web-host", image: "" });
    expect(k.cgroupIdCandidates).toEqual([]);
    expect(keyValue(k, "id")).toBeUndefined();
    expect(keyValue(k, "pod")).toBe("mypod");
  });

  it("derives the short id from the full id and lowercases both", () => {
    const k = containerKeys({ name: "x", id: PAYMENTS_ID.toUpperCase() });
    expect(k.id).toBe(PAYMENTS_ID);
    expect(k.shortId).toBe("30d8c784ea3f");
  });

  it("stripSlash removes only one leading slash", () => {
    expect(stripSlash("/a")).toBe("a");
    expect(stripSlash("a/b")).toBe("a/b");
  });
});

describe("idFromCgroupPath", () => {
  it.each([
    [`/libpod_parent/libpod-${PAYMENTS_ID}`],
    [`/system.slice/docker-${PAYMENTS_ID}.scope`],
    [`/docker/${PAYMENTS_ID}`],
    [`/kubepods/burstable/pod1234/${PAYMENTS_ID}`],
  ])("finds the id in %s", (path) => {
    expect(idFromCgroupPath(path)).toBe(PAYMENTS_ID);
  });
  it("finds nothing in system cgroups", () => {
    expect(idFromCgroupPath("/")).toBeUndefined();
    expect(idFromCgroupPath("/system.slice/sshd.service")).toBeUndefined();
  });
});
