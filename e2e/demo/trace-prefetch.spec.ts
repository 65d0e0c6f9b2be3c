import { expect, type Request, test } from "@playwright/test";

// What the trace page asks the server for before anyone clicks: the detail of the rows in
// view (one request), and no container page (its links prefetch on intent only).
const TRACE = `feed${"0".repeat(20)}${(10_000).toString(16).padStart(8, "0")}`;

test("the rows in view hold their detail: a click paints it without a request of its own", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (r: Request) => requests.push(r.url()));
  const batch = page.waitForResponse((r) => /\/api\/traces\/[0-9a-f]+\/spans\?pos=/.test(r.url()) && r.ok());
  await page.goto(`/traces/${TRACE}`);
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-state", "ready");
  const body = (await (await batch).json()) as { spans: { pos: number; span: { spanId: string } }[] };
  expect(body.spans.length).toBeGreaterThan(20);

  const row = page.getByTestId("span-row").nth(2);
  const spanId = await row.getAttribute("data-span-id");
  expect(body.spans.map((s) => s.span.spanId)).toContain(spanId);
  const before = requests.length;
  await row.click();
  const detail = page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`);
  await expect(detail.getByTestId("span-detail-full")).toBeVisible();
  await expect(detail.getByTestId("span-resource")).toContainText("service.name");
  expect(requests.slice(before).filter((u) => u.includes(`/spans/${spanId}`))).toEqual([]);
});

test("container links on the trace page are not prefetched on sight, only on intent", async ({ page }) => {
  const rsc: string[] = [];
  page.on("request", (r: Request) => {
    if (r.url().includes("/containers/") && (r.headers().rsc || r.url().includes("_rsc="))) rsc.push(r.url());
  });
  await page.goto(`/traces/${TRACE}`);
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-state", "ready");
  const chip = page.getByTestId("container-chip-link").first();
  await expect(chip).toBeVisible();
  // Prefetch on sight happens right after hydration; give it time to show up if it were on.
  await page.waitForTimeout(1500);
  expect(rsc).toEqual([]);
  await chip.hover();
  await expect.poll(() => rsc.length).toBeGreaterThan(0);
});
