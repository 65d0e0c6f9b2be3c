// The charts' own interaction layer (EChart.tsx: ECharts draws, we do the legend, tooltip,
// crosshair, markers and drag-to-select in HTML): what the user sees and can do on the canvas.
import { expect, test } from "../fixtures";

test("hover lists every line at that time; the legend turns a line and the markers off; the crosshair follows on every chart", async ({
  page,
}) => {
  await page.goto("/containers/shop-worker-1");
  const memory = page.getByTestId("chart-memory");
  await expect(memory).toHaveAttribute("data-has-data", "1");
  await expect(memory).toHaveAttribute("data-lifecycle-markers", "2");
  // The OOM kill and the restart: two lines with their icons, named for screen readers.
  await expect(memory.getByTestId("lifecycle-marker")).toHaveCount(2);
  await expect(memory.getByRole("img", { name: /OOM killed/ })).toHaveCount(1);

  const legend = memory.getByRole("group");
  const entries = legend.getByRole("button");
  const names = await entries.allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(3); // the lines + "lifecycle"
  expect(names).toContain("lifecycle");
  const lines = names.filter((n) => n !== "lifecycle");

  const canvas = page.getByTestId("echart-memory");
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error("no chart");
  const hoverAt = (frac: number) =>
    page.mouse.move(box.x + 56 + (box.width - 68) * frac, box.y + box.height / 2, { steps: 2 });

  await hoverAt(0.4);
  const tip = memory.getByTestId("chart-tooltip");
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(/\d\d:\d\d:\d\d/);
  await expect(tip.locator(".chart-tip-row")).toHaveCount(lines.length);
  await expect(tip).toContainText(/[KMG]i?B/);
  // The crosshair is drawn on the other charts of the container too.
  await expect(page.getByTestId("chart-cpu").getByTestId("chart-crosshair")).toBeVisible();

  // Turn the last line off: the tooltip no longer lists it.
  const off = entries.filter({ hasText: lines[lines.length - 1]! });
  await off.click();
  await expect(off).toHaveAttribute("aria-pressed", "false");
  await hoverAt(0.45);
  await expect(tip.locator(".chart-tip-row")).toHaveCount(lines.length - 1);
  await off.click();
  await expect(off).toHaveAttribute("aria-pressed", "true");

  // And the lifecycle markers.
  await entries.filter({ hasText: "lifecycle" }).click();
  await expect(memory.getByTestId("lifecycle-marker")).toHaveCount(0);
  await entries.filter({ hasText: "lifecycle" }).click();
  await expect(memory.getByTestId("lifecycle-marker")).toHaveCount(2);

  await page.mouse.move(box.x + 2, box.y + box.height + 40);
  await expect(tip).toHaveCount(0);
});

test("the lines are painted in their colours on the chart's canvas; a line turned off is gone from it", async ({
  page,
}) => {
  await page.goto("/containers/shop-worker-1");
  const memory = page.getByTestId("chart-memory");
  await expect(memory).toHaveAttribute("data-has-data", "1");
  await page.getByTestId("echart-memory").hover();
  await expect(memory.getByTestId("chart-svg")).toHaveCount(0);
  const first = memory.getByRole("group").getByRole("button").first();
  const color = await first.locator(".chart-swatch").evaluate((el) => getComputedStyle(el).backgroundColor);
  // Opaque pixels of the first line's colour on the line layer (anti-aliased edges aside).
  const pixels = () =>
    memory.getByTestId("chart-lines").evaluate((c: HTMLCanvasElement, css: string) => {
      const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3]! > 200 && Math.abs(d[i]! - r!) + Math.abs(d[i + 1]! - g!) + Math.abs(d[i + 2]! - b!) < 40) n++;
      return n;
    }, color);
  await expect.poll(pixels).toBeGreaterThan(50);
  await first.click();
  await expect(first).toHaveAttribute("aria-pressed", "false");
  await expect.poll(pixels).toBe(0);
  await first.click();
  await expect.poll(pixels).toBeGreaterThan(50);
});

test("a drag shows the window being selected; the log volume and the trace scatter say what is under the pointer", async ({
  page,
  containerPage,
}) => {
  await containerPage.open("shop-payments-1");
  await expect(containerPage.chart("cpu")).toHaveAttribute("data-has-data", "1");
  const cpu = page.getByTestId("echart-cpu");
  await cpu.scrollIntoViewIfNeeded();
  const box = await cpu.boundingBox();
  if (!box) throw new Error("no chart");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 56 + 100, y);
  await page.mouse.down();
  await page.mouse.move(box.x + 56 + 200, y, { steps: 4 });
  const sel = containerPage.chart("cpu").getByTestId("chart-selection");
  await expect(sel).toBeVisible();
  const selBox = await sel.boundingBox();
  expect(selBox?.width).toBeGreaterThan(90);
  expect(selBox?.width).toBeLessThan(110);
  await page.mouse.up();
  await expect(sel).toHaveCount(0);
  await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);

  const volume = page.getByTestId("log-volume");
  await expect(volume).toBeVisible();
  await volume.scrollIntoViewIfNeeded();
  const vb = await volume.boundingBox();
  if (!vb) throw new Error("no volume chart");
  await page.mouse.move(vb.x + vb.width / 2, vb.y + vb.height / 2, { steps: 2 });
  await expect(page.getByTestId("logs-panel").getByTestId("chart-tooltip")).toContainText(/\d+ lines/);

  // The trace scatter: sweep across the plot until the pointer is on a trace's point.
  const scatter = page.getByTestId("trace-scatter");
  await expect(containerPage.traceRows.first()).toBeVisible();
  await scatter.scrollIntoViewIfNeeded();
  const sb = await scatter.boundingBox();
  if (!sb) throw new Error("no scatter");
  const tip = page.getByTestId("traces-panel").getByTestId("chart-tooltip");
  let found = false;
  for (let yy = sb.y + 14; yy < sb.y + sb.height - 22 && !found; yy += 8) {
    for (let x = sb.x + 60; x < sb.x + sb.width - 14 && !found; x += 8) {
      await page.mouse.move(x, yy);
      found = (await tip.count()) > 0;
    }
  }
  expect(found).toBe(true);
  await expect(tip).toContainText(/\d+\.\d ms · [0-9a-f]{12}…/);
});
