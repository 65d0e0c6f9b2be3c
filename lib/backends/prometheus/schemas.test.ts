// Broken responses are rejected with an error naming the backend and the field path.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { BackendError } from "../../model/errors";
import { parseWith } from "../zod-error";
import { readFixtureJson } from "./fixture-server";
import { exemplarsResponseSchema, instantResponseSchema, matrixResponseSchema } from "./schemas";

function parseError(schema: z.ZodType, data: unknown): BackendError {
  try {
    parseWith("prometheus", "query_range", schema, data);
  } catch (err) {
    if (err instanceof BackendError) return err;
    throw err;
  }
  throw new Error("parsed without an error");
}

/** The recorded matrix with one edit applied. */
function brokenMatrix(edit: (item: Record<string, unknown>) => void): unknown {
  const body = readFixtureJson("prometheus-2.42", "query_range_cpu_by_name.json");
  const parsed = matrixResponseSchema.parse(body);
  const first: Record<string, unknown> = { ...parsed.data.result[0] };
  edit(first);
  return { ...parsed, data: { ...parsed.data, result: [first, ...parsed.data.result.slice(1)] } };
}

describe("prometheus schemas reject broken bodies", () => {
  it("a sample value that is a number, not a string", () => {
    const e = parseError(
      matrixResponseSchema,
      brokenMatrix((s) => (s.values = [[1795300408, 0.23]])),
    );
    expect(e.backend).toBe("prometheus");
    expect(e.kind).toBe("parse");
    expect(e.message).toMatch(/^prometheus: query_range: unexpected response at data\.result\.0\.values\.0\.1: /);
  });
  it("a series without values (and no histograms)", () => {
    const e = parseError(
      matrixResponseSchema,
      brokenMatrix((s) => delete s.values),
    );
    expect(e.message).toContain("at data.result.0.values:");
  });
  it("histogram-only series are accepted without values", () => {
    const ok = matrixResponseSchema.safeParse(
      brokenMatrix((s) => {
        s.histograms = [];
        delete s.values;
      }),
    );
    expect(ok.success).toBe(true);
  });
  it("an unknown resultType for an instant query", () => {
    const e = parseError(instantResponseSchema, { status: "success", data: { resultType: "streams", result: [] } });
    expect(e.message).toContain("at data.resultType:");
  });
  it("an exemplar timestamp sent as a string", () => {
    const body = {
      status: "success",
      data: [{ seriesLabels: {}, exemplars: [{ labels: {}, value: "1", timestamp: "1795300408" }] }],
    };
    const e = parseError(exemplarsResponseSchema, body);
    expect(e.message).toContain("at data.0.exemplars.0.timestamp:");
  });
  it("a status other than success/error", () => {
    const e = parseError(matrixResponseSchema, { status: "ok", data: { resultType: "matrix", result: [] } });
    expect(e.message).toContain("at status:");
  });
});
