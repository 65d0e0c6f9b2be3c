import { describe, expect, it } from "vitest";
import type { DetectedMappings } from "./mapping";
import {
  applyOverrides,
  compileTraceIdPatterns,
  correlationConfigSchema,
  DEFAULT_CORRELATION_CONFIG,
  hasOverride,
  parseCorrelationConfig,
} from "./overrides";

const detected: DetectedMappings = {
  prometheus: {
    kind: "mapping",
    mapping: { convention: "cadvisor", label: "name", key: "name" },
    evidence: "x",
    source: "detected",
  },
  loki: { kind: "reason", backend: "loki", message: "no label", labelsSeen: ["job", "ctr_name"], suggestion: "s" },
  jaeger: {
    kind: "mapping",
    mapping: { attribute: "host.name", key: "shortId", service: "payments" },
    evidence: "y",
    source: "detected",
  },
};

describe("correlationConfigSchema", () => {
  it("defaults: no overrides, no patterns, 30 s margin", () => {
    expect(DEFAULT_CORRELATION_CONFIG).toEqual({ traceIdPatterns: [], spanLogMarginMs: 30_000 });
  });

  it("fills defaults inside a forced mapping", () => {
    const c = correlationConfigSchema.parse({
      prometheus: { convention: "podman-exporter" },
      loki: { label: "ctr_name" },
    });
    expect(c.prometheus).toEqual({ convention: "podman-exporter", label: "id", infoMetric: "podman_container_info" });
    expect(c.loki).toEqual({ label: "ctr_name", key: "name" });
  });

  it("rejects unknown keys, bad label names, unknown container keys and conventions, with paths", () => {
    const r = parseCorrelationConfig({
      loki: { label: "ctr.name", key: "nom" },
      prometheus: { convention: "telegraf" },
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/loki\.label: must be a label name/);
    expect(r.error).toMatch(/loki\.key/);
    expect(r.error).toMatch(/prometheus/);
    expect(r.error).toMatch(/extra|Unrecognized/);
  });

  it("cadvisor-id match must contain {id} and be a regex", () => {
    expect(parseCorrelationConfig({ prometheus: { convention: "cadvisor-id", match: "/docker/.*" } }).ok).toBe(false);
    expect(parseCorrelationConfig({ prometheus: { convention: "cadvisor-id", match: "(/docker/{id}" } }).ok).toBe(
      false,
    );
    expect(parseCorrelationConfig({ prometheus: { convention: "cadvisor-id", match: "/docker/{id}" } }).ok).toBe(true);
  });

  it("traceIdPatterns need to compile and have a traceId group", () => {
    expect(parseCorrelationConfig({ traceIdPatterns: ["tid:([0-9a-f]+)"] }).ok).toBe(false);
    expect(parseCorrelationConfig({ traceIdPatterns: ["(?<traceId>[0-9a-f"] }).ok).toBe(false);
    const r = parseCorrelationConfig({ traceIdPatterns: ["tid:(?<traceId>[0-9a-f]{32})"], spanLogMarginMs: 5000 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [re] = compileTraceIdPatterns(r.config);
    expect(re?.match(`x tid:${"a".repeat(32)}`)?.traceId).toBe("a".repeat(32));
    expect(r.config.spanLogMarginMs).toBe(5000);
  });

  it("traceIdPatterns run on RE2: backtracking-only syntax is refused with RE2's reason", () => {
    // A backreference or lookahead would need a backtracking engine (super-linear on hostile lines).
    const backref = parseCorrelationConfig({ traceIdPatterns: ["(?<traceId>[0-9a-f]{32})\\1"] });
    expect(backref.ok).toBe(false);
    if (!backref.ok) expect(backref.error).toMatch(/traceIdPatterns.0/);
    expect(parseCorrelationConfig({ traceIdPatterns: ["(?=x)(?<traceId>[0-9a-f]{32})"] }).ok).toBe(false);
  });

  it("spanLogMarginMs must be a non-negative integer up to an hour", () => {
    expect(parseCorrelationConfig({ spanLogMarginMs: -1 }).ok).toBe(false);
    expect(parseCorrelationConfig({ spanLogMarginMs: 1.5 }).ok).toBe(false);
    expect(parseCorrelationConfig({ spanLogMarginMs: 7_200_000 }).ok).toBe(false);
  });
});

describe("applyOverrides", () => {
  it("no overrides → detection unchanged", () => {
    expect(applyOverrides(detected, DEFAULT_CORRELATION_CONFIG)).toEqual(detected);
  });

  it("a forced Loki mapping replaces a detection reason", () => {
    const config = correlationConfigSchema.parse({ loki: { label: "ctr_name", key: "name" } });
    const out = applyOverrides(detected, config);
    expect(out.loki).toEqual({
      kind: "mapping",
      mapping: { label: "ctr_name", key: "name" },
      evidence: "set in the correlation file",
      source: "override",
    });
    expect(out.prometheus).toBe(detected.prometheus);
    expect(hasOverride(config, "loki")).toBe(true);
    expect(hasOverride(config, "prometheus")).toBe(false);
  });

  it("a forced Prometheus mapping replaces a detected one", () => {
    const config = correlationConfigSchema.parse({ prometheus: { convention: "cadvisor", label: "container" } });
    expect(applyOverrides(detected, config).prometheus).toMatchObject({
      mapping: { convention: "cadvisor", label: "container", key: "name" },
      source: "override",
    });
  });

  it("a forced Jaeger attribute keeps the detected service unless it names one", () => {
    const keep = applyOverrides(
      detected,
      correlationConfigSchema.parse({ jaeger: { attribute: "container.name", key: "name" } }),
    );
    expect(keep.jaeger).toMatchObject({ mapping: { attribute: "container.name", key: "name", service: "payments" } });
    const named = applyOverrides(
      detected,
      correlationConfigSchema.parse({ jaeger: { attribute: "container.name", key: "name", service: "billing" } }),
    );
    expect(named.jaeger).toMatchObject({ mapping: { service: "billing" } });
  });

  it("applies to backends detection did not run for", () => {
    const out = applyOverrides({}, correlationConfigSchema.parse({ prometheus: { convention: "cadvisor" } }));
    expect(out.prometheus).toMatchObject({ kind: "mapping", source: "override" });
    expect(out.loki).toBeUndefined();
  });
});
