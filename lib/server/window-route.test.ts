// GET /api/traces/{id}/window, the columns route's switch to windows past
// SIGHTLINE_TRACE_WINDOW_SPANS, and the search route's limit/count (#15), on a 2,000-span
// synthetic trace of the demo world.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { decodeTrace } from "../trace-wire/codec";
import { COLUMNS_CONTENT_TYPE } from "../trace-wire/columns";
import { spanIdAt } from "../trace-wire/model";
import { ROW_MATCH, WINDOW_FIRST_ROWS, windowInfoOf } from "../trace-wire/window";
import { traceStore } from "./trace-store";

const SPANS = 2_000;
const TRACE = `feed${"0".repeat(20)}${SPANS.toString(16).padStart(8, "0")}`;
let restore: () => Promise<void>;
const savedThreshold = process.env.SIGHTLINE_TRACE_WINDOW_SPANS;

beforeAll(async () => {
  restore = (await useDemoBackends()).restore;
});
afterAll(async () => {
  await restore?.();
});
afterEach(() => {
  if (savedThreshold === undefined) delete process.env.SIGHTLINE_TRACE_WINDOW_SPANS;
  else process.env.SIGHTLINE_TRACE_WINDOW_SPANS = savedThreshold;
});

const ctx = { params: Promise.resolve({ traceId: TRACE }) };

async function stored() {
  const r = await traceStore().get(TRACE);
  if (r.kind !== "ok") throw new Error(r.kind);
  return r.stored;
}

async function window(qs: string) {
  const { GET } = await import("@/app/api/traces/[traceId]/window/route");
  return GET(new Request(`http://127.0.0.1/api/traces/${TRACE}/window?${qs}`), ctx);
}

async function search(qs: string) {
  const { GET } = await import("@/app/api/traces/[traceId]/search/route");
  const res = await GET(new Request(`http://127.0.0.1/api/traces/${TRACE}/search?${qs}`), ctx);
  return {
    status: res.status,
    body: (await res.json()) as { positions?: number[]; count?: number; error?: { message: string; param?: string } },
  };
}

describe("window route", () => {
  it("answers rows of the view as columns with x.pos, x.row and tables.window", async () => {
    const { version, laid } = await stored();
    const res = await window(`v=${version}&first=10&count=30&q=op-7`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(COLUMNS_CONTENT_TYPE);
    expect(res.headers.get("x-trace-version")).toBe(version);
    const m = decodeTrace(await res.arrayBuffer());
    expect(m.n).toBe(30);
    expect(m.version).toBe(version);
    // The default view shows every span: rows 10..39 are positions 10..39.
    expect(Array.from(m.extra.pos!)).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    for (let i = 0; i < 30; i++) expect(spanIdAt(m, i)).toBe(spanIdAt(laid, 10 + i));
    const info = windowInfoOf(m);
    expect(info).toMatchObject({ first: 10, total: SPANS, spans: SPANS });
    expect(info!.matches).toBeGreaterThan(0);
    const matchRows = Array.from(m.extra.row!).filter((b) => b & ROW_MATCH).length;
    const names = Array.from({ length: 30 }, (_, i) => m.strings[m.nameOf[i]!]!);
    expect(matchRows).toBe(names.filter((s) => s.includes("op-7")).length);
  });

  it("finds span=, reveals it in a collapsed view and says where it is", async () => {
    const { version, laid } = await stored();
    const deep = laid.depth.findIndex((d) => d >= 3);
    const res = await window(`v=${version}&base=all&count=10&span=${spanIdAt(laid, deep)}`);
    const info = windowInfoOf(decodeTrace(await res.arrayBuffer()))!;
    expect(info.locate?.pos).toBe(deep);
    expect(info.locate?.index).toBeGreaterThanOrEqual(laid.depth[deep]!);
    expect(info.total).toBeGreaterThan(laid.depth[deep]!);
  });

  it("refuses a bad parameter with 400 naming it", async () => {
    const { version } = await stored();
    for (const [qs, param] of [
      [`v=${version}&base=some`, "base"],
      [`v=${version}&t=1,x`, "t"],
      [`v=${version}&r=-1`, "r"],
      [`v=${version}&count=501`, "count"],
      [`v=${version}&first=-3`, "first"],
      [`v=${version}&only=yes&q=a`, "only"],
      [`v=${version}&locate=a`, "locate"],
      [`v=${version}&span=not-hex`, "span"],
      ["first=0", "v"],
    ] as const) {
      const res = await window(qs);
      expect(res.status, qs).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message, qs).toMatch(new RegExp(`^${param}: `));
    }
  });

  it("another version is a 409: positions would not line up", async () => {
    const res = await window("v=not-this-one");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { kind: string } }).error.kind).toBe("stale");
  });
});

describe("columns route past the window threshold", () => {
  async function columns() {
    const { GET } = await import("@/app/api/traces/[traceId]/columns/route");
    const res = await GET(new Request(`http://127.0.0.1/api/traces/${TRACE}/columns`), ctx);
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  }

  it("answers the whole tree at or below SIGHTLINE_TRACE_WINDOW_SPANS, unchanged", async () => {
    process.env.SIGHTLINE_TRACE_WINDOW_SPANS = String(SPANS);
    const bytes = await columns();
    const m = decodeTrace(bytes.slice().buffer);
    expect(m.n).toBe(SPANS);
    expect(windowInfoOf(m)).toBeUndefined();
    expect(m.extra.pos).toBeUndefined();
    expect(Buffer.from(bytes).equals(Buffer.from(traceStore().encoded(await stored())))).toBe(true);
  });

  it("answers the default view's first window above it", async () => {
    process.env.SIGHTLINE_TRACE_WINDOW_SPANS = String(SPANS - 1);
    const m = decodeTrace((await columns()).slice().buffer);
    expect(m.n).toBe(WINDOW_FIRST_ROWS);
    expect(windowInfoOf(m)).toEqual({ first: 0, total: SPANS, spans: SPANS, matches: 0 });
    expect(Array.from(m.extra.pos!)).toEqual(Array.from({ length: WINDOW_FIRST_ROWS }, (_, i) => i));
  });
});

describe("search route limit and count", () => {
  it("counts every match and answers the first `limit` positions", async () => {
    const all = await search("q=op-7");
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(all.body.positions!.length);
    expect(all.body.count).toBeGreaterThan(5);
    const few = await search("q=op-7&limit=5");
    expect(few.body.count).toBe(all.body.count);
    expect(few.body.positions).toEqual(all.body.positions!.slice(0, 5));
  });

  it("refuses a limit outside 1..100000 with 400", async () => {
    for (const limit of ["0", "100001", "-1", "x", "2.5"]) {
      const r = await search(`q=op-7&limit=${limit}`);
      expect(r.status, limit).toBe(400);
      expect(r.body.error?.message).toMatch(/^limit: /);
    }
    expect((await search("q=op-7&limit=100000")).status).toBe(200);
  });

  it("after / before: the next and the previous match from a position, with its rank", async () => {
    const all = (await search("q=op-7")).body.positions!;
    const at = async (qs: string) => {
      const r = await search(`q=op-7&limit=1&${qs}`);
      expect(r.status, qs).toBe(200);
      return { positions: r.body.positions, first: (r.body as { first?: number }).first };
    };
    expect(await at("after=-1")).toEqual({ positions: [all[0]], first: 0 });
    expect(await at(`after=${all[3]}`)).toEqual({ positions: [all[4]], first: 4 });
    expect(await at(`after=${all[3]! + 1}`)).toEqual({ positions: [all[4]], first: 4 });
    expect(await at(`before=${all[3]}`)).toEqual({ positions: [all[2]], first: 2 });
    expect(await at(`before=${SPANS}`)).toEqual({ positions: [all.at(-1)], first: all.length - 1 });
    expect(await at(`after=${all.at(-1)}`)).toEqual({ positions: [], first: all.length });
    expect(await at(`before=${all[0]}`)).toEqual({ positions: [], first: 0 });
    for (const bad of ["after=x", "after=-2", "before=1.5", "after=1&before=5"]) {
      const r = await search(`q=op-7&${bad}`);
      expect(r.status, bad).toBe(400);
    }
  });
});
