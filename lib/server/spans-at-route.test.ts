// GET /api/traces/{id}/spans?pos=…&v=: the rows in view, in full, for the columns of one version.
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

async function get(qs: string) {
  const { GET } = await import("@/app/api/traces/[traceId]/spans/route");
  const res = await GET(new Request(`http://127.0.0.1/api/traces/${TRACE}/spans?${qs}`), {
    params: Promise.resolve({ traceId: TRACE }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      version?: string;
      spans?: { pos: number; span: { spanId: string; attributes: object } }[];
      error?: { message: string };
    },
  };
}

describe("spans-at route", () => {
  it("answers each asked position once with its span in full; positions past the end are skipped", async () => {
    const r = await traceStore().get(TRACE);
    if (r.kind !== "ok") throw new Error(r.kind);
    const { laid, version } = r.stored;
    const { status, body } = await get(`pos=3,1999,3,0,2000,70000&v=${version}`);
    expect(status).toBe(200);
    expect(body.version).toBe(version);
    expect(body.spans?.map((s) => s.pos)).toEqual([3, 1999, 0]);
    for (const s of body.spans ?? []) {
      expect(s.span.spanId).toBe(spanIdAt(laid, s.pos));
      expect(s.span.attributes).toBeTypeOf("object");
    }
  });

  it("another version of the columns is a 409: positions would not line up", async () => {
    const { status, body } = await get("pos=1,2&v=not-this-one");
    expect(status).toBe(409);
    expect(body.error?.message).toMatch(/fetched again/);
  });

  it("refuses what is not a short list of positions with 400", async () => {
    const r = await traceStore().get(TRACE);
    if (r.kind !== "ok") throw new Error(r.kind);
    const v = r.stored.version;
    expect((await get(`pos=1,-2&v=${v}`)).status).toBe(400);
    expect((await get(`pos=1,x&v=${v}`)).status).toBe(400);
    expect((await get(`pos=1.5&v=${v}`)).status).toBe(400);
    expect((await get("pos=1")).status).toBe(400);
    const many = Array.from({ length: 201 }, (_, i) => i).join(",");
    expect((await get(`pos=${many}&v=${v}`)).status).toBe(400);
    expect((await get(`pos=${Array.from({ length: 200 }, (_, i) => i).join(",")}&v=${v}`)).status).toBe(200);
  });
});
