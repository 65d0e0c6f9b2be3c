// GET /api/traces/{id}/spans/{spanId} with the client's position hint: the hint only saves a
// scan; a stale or wrong hint still answers the span that was asked for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { spanIdAt } from "../trace-wire/model";
import { traceStore } from "./trace-store";

const TRACE = `feed${"0".repeat(20)}${(2_000).toString(16).padStart(8, "0")}`;
let restore: () => Promise<void>;

beforeAll(async () => {
  restore = (await useDemoBackends()).restore;
});
afterAll(async () => {
  await restore?.();
});

async function get(spanId: string, qs: string) {
  const { GET } = await import("@/app/api/traces/[traceId]/spans/[spanId]/route");
  const res = await GET(new Request(`http://127.0.0.1/api/traces/${TRACE}/spans/${spanId}?${qs}`), {
    params: Promise.resolve({ traceId: TRACE, spanId }),
  });
  return { status: res.status, body: (await res.json()) as { span?: { spanId: string } } };
}

describe("span detail route", () => {
  it("answers the asked span with a right, a wrong or a stale position hint, and 404 for a span not there", async () => {
    const r = await traceStore().get(TRACE);
    if (r.kind !== "ok") throw new Error(r.kind);
    const { laid, version } = r.stored;
    const id = spanIdAt(laid, 1_500);
    for (const qs of [`pos=1500&v=${version}`, `pos=7&v=${version}`, "pos=1500&v=old", "pos=99999999&v=x", ""]) {
      const { status, body } = await get(id, qs);
      expect(status, qs).toBe(200);
      expect(body.span?.spanId, qs).toBe(id);
    }
    expect((await get("00000000deadbeef", `pos=1500&v=${version}`)).status).toBe(404);
  });
});
