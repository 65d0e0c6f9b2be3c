import { describe, expect, it } from "vitest";
import type { BackendHealth } from "../model/api";
import { readiness } from "./readiness";

const h = (backend: BackendHealth["backend"], ok: boolean, configured = true, error?: string): BackendHealth => ({
  backend,
  name: backend,
  configured,
  ok,
  error,
});

describe("readiness", () => {
  it("is ready when nothing is required, whatever the backends say", () => {
    expect(readiness([], [h("loki", false, true, "loki: connection refused")])).toEqual({ ready: true, missing: [] });
  });
  it("fails naming each required backend that does not answer, with its error", () => {
    const r = readiness(
      ["prometheus", "loki", "jaeger"],
      [h("prometheus", true), h("loki", false, true, "loki: connection refused"), h("jaeger", false, false)],
    );
    expect(r.ready).toBe(false);
    expect(r.missing).toEqual([
      { backend: "loki", reason: "loki: connection refused" },
      { backend: "jaeger", reason: "not configured" },
    ]);
  });
  it("an engine requirement is met by any one answering engine of several", () => {
    expect(readiness(["engine"], [h("engine", false, true, "down"), h("engine", true)]).ready).toBe(true);
    expect(readiness(["engine"], [h("engine", false, true, "a"), h("engine", false, true, "b")]).missing).toEqual([
      { backend: "engine", reason: "a; b" },
    ]);
  });
});
