// A big Loki body is decoded in steps (a turn of the event loop before the JSON parse and the
// schema check): the same value and the same errors as decoding it at once.
import { describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import type { HttpResponse } from "../http";
import { BIG_BODY_CHARS, decodeLokiResponse, decodeLokiResponseInSteps } from "./decode";
import { queryResponseSchema } from "./schemas";

const body = (lines: string[]) =>
  JSON.stringify({
    status: "success",
    data: {
      resultType: "streams",
      result: [{ stream: { container: "a" }, values: lines.map((l, i) => [`${1_000_000 + i}`, l]) }],
    },
  });
const res = (text: string, status = 200): HttpResponse => ({ status, headers: {}, text });

describe("decodeLokiResponseInSteps", () => {
  it("gives what decodeLokiResponse gives, for small and big bodies", async () => {
    for (const text of [body(["a", "b"]), body(["x".repeat(BIG_BODY_CHARS), "é ordinary"])]) {
      const at = decodeLokiResponse(res(text), "query_range", queryResponseSchema);
      expect(await decodeLokiResponseInSteps(res(text), "query_range", queryResponseSchema)).toEqual(at);
    }
  });

  it("lets other work run between its steps on a big body", async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    const big = body(["y".repeat(BIG_BODY_CHARS)]);
    await decodeLokiResponseInSteps(res(big), "query_range", queryResponseSchema);
    expect(ran).toBe(true);
  });

  it("throws the same errors: HTTP status, broken JSON, wrong shape", async () => {
    const pad = " ".repeat(BIG_BODY_CHARS);
    for (const [text, status, kind] of [
      [`parse error: unexpected ${pad}`, 400, "query"],
      [`{"status":"success",${pad}`, 200, "parse"],
      [
        `{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[[1,2]]}]}}${pad}`,
        200,
        "parse",
      ],
    ] as const) {
      const err = await decodeLokiResponseInSteps(res(text, status), "query_range", queryResponseSchema).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).kind).toBe(kind);
      expect(() => decodeLokiResponse(res(text, status), "query_range", queryResponseSchema)).toThrow(
        (err as Error).message,
      );
    }
  });
});
