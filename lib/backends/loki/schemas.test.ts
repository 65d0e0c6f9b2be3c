// Broken responses are rejected with an error naming the backend and the field path.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { BackendError } from "../../model/errors";
import { readFixtureJson } from "../prometheus/fixture-server";
import { parseWith } from "../zod-error";
import { queryResponseSchema, tailFrameSchema } from "./schemas";

function parseError(schema: z.ZodType, data: unknown, what = "query_range"): BackendError {
  try {
    parseWith("loki", what, schema, data);
  } catch (err) {
    if (err instanceof BackendError) return err;
    throw err;
  }
  throw new Error("parsed without an error");
}

/** The recorded backward streams with the first stream replaced. */
function brokenStreams(first: Record<string, unknown>): unknown {
  const parsed = queryResponseSchema.parse(readFixtureJson("loki-2.8", "query_range_streams_backward.json"));
  if (parsed.data.resultType !== "streams") throw new Error("fixture is not streams");
  return { ...parsed, data: { ...parsed.data, result: [first, ...parsed.data.result.slice(1)] } };
}

describe("loki schemas reject broken bodies", () => {
  it("a stream without values", () => {
    const e = parseError(queryResponseSchema, brokenStreams({ stream: { job: "podman" } }));
    expect(e).toMatchObject({ backend: "loki", kind: "parse" });
    expect(e.message).toMatch(/^loki: query_range: unexpected response at data\.result\.0\.values: /);
  });
  it("a line that is not a string", () => {
    const e = parseError(queryResponseSchema, brokenStreams({ stream: {}, values: [["1795300592000000000", 42]] }));
    expect(e.message).toContain("at data.result.0.values.0.1:");
  });
  it("a timestamp sent as a number instead of a nanosecond string", () => {
    const e = parseError(queryResponseSchema, brokenStreams({ stream: {}, values: [[1795300592, "x"]] }));
    expect(e.message).toContain("at data.result.0.values.0.0: expected a nanosecond timestamp string");
  });
  it("a matrix sample value that is a number", () => {
    const body = { status: "success", data: { resultType: "matrix", result: [{ metric: {}, values: [[1, 2]] }] } };
    expect(parseError(queryResponseSchema, body).message).toContain("at data.result.0.values.0.1:");
  });
  it("a tail frame whose streams is not an array", () => {
    const e = parseError(tailFrameSchema, { streams: { stream: {} } }, "tail frame");
    expect(e.message).toMatch(/^loki: tail frame: unexpected response at streams: /);
  });
  it("a dropped entry without a timestamp", () => {
    const e = parseError(tailFrameSchema, { streams: [], dropped_entries: [{ labels: {} }] }, "tail frame");
    expect(e.message).toContain("at dropped_entries.0.timestamp:");
  });
});
