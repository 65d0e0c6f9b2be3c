import { describe, expect, it } from "vitest";
import { WORKLOAD_SEGMENTS, workloadKindOfAlias, workloadKindOfSegment } from "./kube";

describe("workload kinds in paths", () => {
  it("the canonical segment is the API's plural", () => {
    expect(workloadKindOfSegment("deployments")).toBe("Deployment");
    expect(workloadKindOfSegment("deployment")).toBeUndefined();
    for (const [kind, seg] of Object.entries(WORKLOAD_SEGMENTS)) expect(workloadKindOfSegment(seg)).toBe(kind);
  });
  it("kubectl's names (singular, short, the Kind) are aliases of it", () => {
    expect(workloadKindOfAlias("deployment")).toBe("Deployment");
    expect(workloadKindOfAlias("deploy")).toBe("Deployment");
    expect(workloadKindOfAlias("Deployment")).toBe("Deployment");
    expect(workloadKindOfAlias("sts")).toBe("StatefulSet");
    expect(workloadKindOfAlias("DaemonSet")).toBe("DaemonSet");
    expect(workloadKindOfAlias("ds")).toBe("DaemonSet");
    expect(workloadKindOfAlias("cj")).toBe("CronJob");
    expect(workloadKindOfAlias("job")).toBe("Job");
    expect(workloadKindOfAlias("rs")).toBe("ReplicaSet");
    expect(workloadKindOfAlias("jobs")).toBe("Job");
  });
  it("anything else is no kind (404), including Object's own keys", () => {
    for (const s of ["widgets", "pods", "pod", "", "constructor", "__proto__", "toString", "services"])
      expect(workloadKindOfAlias(s), s).toBeUndefined();
  });
});
