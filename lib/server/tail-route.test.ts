// The live-tail route against the demo world's mock Loki (real WebSocket tails): several
// browsers watching the same container share one Loki tail; the last one leaving closes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/containers/[ref]/logs/tail/route";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { tailHub } from "./tail-hub";

let demo: Awaited<ReturnType<typeof useDemoBackends>>;
beforeAll(async () => {
  demo = await useDemoBackends();
});
afterAll(async () => {
  tailHub().closeAll();
  await demo.restore();
});

async function open(ref: string, client: string) {
  const ac = new AbortController();
  const res = await GET(
    new Request(`http://s/api/containers/${ref}/logs/tail`, {
      signal: ac.signal,
      headers: { "x-forwarded-for": client },
    }),
    { params: Promise.resolve({ ref }) },
  );
  return { res, ac };
}

async function readLines(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  while (!text.includes("event: lines")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value);
  }
  await reader.cancel();
  return text;
}

describe("GET /api/containers/{ref}/logs/tail", () => {
  it("three viewers of one container: one Loki tail, each gets lines with ids", async () => {
    const before = tailHub().opened;
    const viewers = await Promise.all(["a", "b", "c"].map((c) => open("shop-frontend-1", c)));
    for (const v of viewers) expect(v.res.headers.get("content-type")).toMatch(/event-stream/);
    expect(tailHub().opened - before).toBe(1);
    expect(tailHub().stats().tails).toBe(1);
    const texts = await Promise.all(viewers.map((v) => readLines(v.res)));
    for (const t of texts) expect(t).toMatch(/id: \d+-[0-9a-f]{8}-\d+\nevent: lines\ndata: \[/);
    for (const v of viewers) v.ac.abort();
  }, 30_000);
});
