// 3 at 1,000,000 spans, opt-in (`npm run bench -- trace-1m`): both UIs get the same generated
// trace from the stand-in, one cold load each in its own browser, with a time limit; whatever
// happens (first row time, an error on screen, a timeout, a crashed tab) is the result.
import { coldLoad, taggedTraceId } from "./s3-vs-jaeger";
import type { Ctx } from "./context";
import { SPAN_SELECTORS, TRACE_READY } from "./browser";
import { makeFigure } from "./stats";

const SPANS = 1_000_000;
const LIMIT_MS = 180_000;

export async function trace1m(ctx: Ctx): Promise<void> {
  const si = ctx.standIn;
  if (!si?.ui) {
    ctx.note("1M spans skipped: no Jaeger UI build");
    return;
  }
  const id = taggedTraceId(SPANS, 0xa1);
  let prep: Awaited<ReturnType<typeof si.prepare>>;
  try {
    prep = await si.prepare(id);
  } catch (err) {
    ctx.note(`1M spans: the mock could not serve the trace: ${(err as Error).message.split("\n")[0]}`);
    return;
  }
  ctx.log(
    `1M spans: v1 ${(prep.v1Bytes / 1e6).toFixed(0)} MB, v3 ${(prep.v3Bytes / 1e6).toFixed(0)} MB, prepared in ${(prep.ms / 1000).toFixed(0)} s`,
  );
  const ours = await coldLoad(`${ctx.origin}/traces/${id}`, SPAN_SELECTORS.span, LIMIT_MS, TRACE_READY);
  const theirs = await coldLoad(`${si.origin}/trace/${id}`, ".VirtualizedTraceView--spans .span-row", LIMIT_MS);
  si.forget(id);
  for (const [who, l] of [
    ["Sightline", ours],
    ["Jaeger UI", theirs],
  ] as const) {
    ctx.add(
      makeFigure({
        id: `3m-${who === "Sightline" ? "sightline" : "jaeger"}`,
        scenario: "3 Trace, 1M spans",
        figure: `${who}: cold link → first span row painted`,
        size: "1,000,000 spans",
        unit: "ms",
        runs: l.ok ? [l.firstRow] : [],
        budget: who === "Sightline" ? { kind: "max", value: 3000, text: "≤ 3 s" } : undefined,
        note: l.ok
          ? `heap after GC ${l.heapGcMB.toFixed(0)} MB${
              l.readyMs === undefined
                ? ""
                : `; ${l.partial ? "first rows from the spans decoded so far (labelled partial), " : ""}whole trace in at ${l.readyMs.toFixed(0)} ms`
            }`
          : `no span row within ${LIMIT_MS / 1000} s: ${l.error ?? "?"}`,
      }),
    );
  }
}
