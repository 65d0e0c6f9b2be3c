import http from "node:http";
import { expect, test } from "@playwright/test";

// The demo server allows framing from http://127.0.0.1:3331 (SIGHTLINE_FRAME_ANCESTORS).
test('the embed renders completely with JavaScript disabled, inside a sandbox="" iframe', async ({
  browser,
  baseURL,
}) => {
  const now = Date.now();
  const src = `${baseURL}/embed/containers/shop-payments-1?from=${now - 3_600_000}&to=${now}&theme=dark`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(
      `<!doctype html><body style="margin:0"><iframe sandbox="" style="width:1200px;height:1000px;border:0" src="${src}"></iframe>`,
    );
  });
  await new Promise<void>((r) => server.listen(3331, "127.0.0.1", r));
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1220, height: 1020 } });
  try {
    const page = await ctx.newPage();
    await page.goto("http://127.0.0.1:3331/");
    const frame = page.frameLocator("iframe");
    await expect(frame.getByTestId("embed-container")).toContainText("shop-payments-1");
    for (const id of ["embed-chart-cpu", "embed-chart-memory"]) {
      const img = frame.getByTestId(id);
      await expect(img).toBeVisible();
      // The chart is a real SVG image, decoded and laid out.
      expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    }
    await expect(frame.getByTestId("embed-logs").locator(".logrow").first()).toBeVisible();
    await expect(frame.getByTestId("embed-traces").getByRole("link").first()).toBeVisible();
    await page.screenshot({ path: "test-results/embed-sandboxed.png" });
  } finally {
    await ctx.close();
    server.close();
  }
});
