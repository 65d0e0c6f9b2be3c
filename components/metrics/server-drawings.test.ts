// The log volume and the trace scatter drawn on the server (app/containers/[ref]/chart-svgs.ts;
// the metrics charts are drawn the same way): the page paints them before ECharts has loaded.
import { describe, expect, it } from "vitest";
import type { LogsSeed, TracesSeed } from "@/lib/queries/seed";
import { scatterSvg, volumeSvg } from "@/app/containers/[ref]/chart-svgs";

const from = 1_700_000_000_000;
const range = { from, to: from + 3_600_000 } as never;
// What the page publishes (lib/server/drawings.ts) is how to draw it (drawn when the browser
// asks); here it is drawn at once and kept as it is.
const published: string[] = [];
const publish = (draw: () => string | undefined) => {
  published.push(draw() ?? "");
  return `/drawing/${published.length - 1}`;
};
const svgText = (url: string | undefined) => published[Number((url ?? "").replace("/drawing/", ""))] ?? "";

describe("server drawings of the logs and traces panels' charts", () => {
  it("draws the log volume as an SVG and shows it from the URL it was published at", () => {
    const seed = {
      url: "/api/x",
      at: from,
      data: {
        lines: [],
        previewOf: 0,
        volume: {
          labels: {},
          points: [
            [from + 60_000, 4],
            [from + 75_000, null],
          ],
        },
      },
    } as unknown as LogsSeed;
    const out = volumeSvg(seed, range, publish);
    expect(out.chart).toMatch(/^\/drawing\/\d+$/);
    expect(svgText(out.chart)).toContain("<svg");
  });

  it("draws the trace scatter, one mark per trace", () => {
    const traces = [0, 1, 2].map((i) => ({
      traceId: String(i).repeat(32),
      start: (from + i * 60_000) * 1000,
      duration: 5_000 * (i + 1),
      errorCount: i === 1 ? 1 : 0,
    }));
    const out = scatterSvg({ url: "/api/x", at: from, data: { traces } } as unknown as TracesSeed, range, publish);
    const svg = svgText(out.chart);
    expect(svg).toContain("<svg");
    expect(svg).toContain("#eb5757"); // the failed trace's colour
  });

  it("leaves a seed without data (or without points) as it is", () => {
    const skipped = { url: "/api/x", at: from, skipped: "timeout" } as LogsSeed;
    const before = published.length;
    expect(volumeSvg(skipped, range, publish)).toBe(skipped);
    const empty = { url: "/api/x", at: from, data: { traces: [] } } as unknown as TracesSeed;
    expect(scatterSvg(empty, range, publish)).toBe(empty);
    expect(published.length).toBe(before); // nothing drawn, nothing published
  });
});
