// The correlation file in force changes the pivots: spanLogMarginMs widens span → logs, and a
// traceIdPatterns entry links lines whose trace field no built-in rule reads. This server's
// world writes the frontend's trace as `request_trace=` (mocks/world/loki-source.ts).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { expect, test } from "../fixtures";

const FILE = "test-results/correlation-override.json";
const CONFIG = {
  loki: { label: "ctr_name", key: "name" },
  spanLogMarginMs: 120_000,
  traceIdPatterns: ["request_trace=(?<traceId>[0-9a-f]{32})"],
};

test.beforeAll(() => {
  mkdirSync("test-results", { recursive: true });
  writeFileSync(FILE, JSON.stringify(CONFIG));
});
test.afterAll(() => rmSync(FILE, { force: true }));

const idIn = (text: string | null) => /request_trace=([0-9a-f]{32})/.exec(text ?? "")?.[1];

test("paged logs: a custom traceIdPatterns entry links request_trace= lines to their trace", async ({
  containerPage,
  tracePage,
}) => {
  await containerPage.open("shop-frontend-1");
  const row = containerPage.logRowsWith(/request_trace=[0-9a-f]{32}/).first();
  await expect(row).toBeVisible();
  const id = idIn(await row.textContent());
  const link = containerPage.traceLinkOf(row);
  await expect(link).toHaveAttribute("href", new RegExp(`^/traces/${id}\\?`));
  await link.click();
  await tracePage.ready();
  expect(tracePage.traceId()).toBe(id);
});

test("span → logs uses spanLogMarginMs: 120000 (±2 min around the span)", async ({
  page,
  containerPage,
  tracePage,
}) => {
  await containerPage.open("shop-frontend-1");
  await containerPage.traceLinkOf(containerPage.logRowsWith(/route=\/api\/checkout.*status=200/).first()).click();
  await tracePage.ready();
  await tracePage.selectSpanOf("payments");
  await expect(tracePage.spanLogsLink).toContainText("±2 min");
  const u = new URL((await tracePage.spanLogsLink.getAttribute("href")) ?? "", "http://x");
  const width = Number(u.searchParams.get("to")) - Number(u.searchParams.get("from"));
  // 2 × 120 s plus the span's own duration (a payment takes well under a minute).
  expect(width).toBeGreaterThanOrEqual(240_000);
  expect(width).toBeLessThan(300_000);
  await tracePage.spanLogsLink.click();
  await expect(page).toHaveURL(/\/containers\/shop-payments-1\?.*tab=logs/);
  await expect(containerPage.focusLines).toBeVisible();
});

test("live tail: the same pattern links request_trace= lines", async ({ containerPage }) => {
  await containerPage.open("shop-frontend-1", "from=now-15m&to=now&live=1");
  await expect(containerPage.logs).toContainText("following new lines");
  const first = containerPage.logRowsWith(/request_trace=[0-9a-f]{32}/).first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  const id = idIn(await first.textContent());
  // Live rows keep arriving on top: pin the row by its own trace ID, not by its position.
  const row = containerPage.logRowsWith(new RegExp(`request_trace=${id}`)).first();
  await expect(containerPage.traceLinkOf(row)).toHaveAttribute("href", new RegExp(`^/traces/${id}\\?`));
});

test("log context: the same pattern links request_trace= lines around the chosen one", async ({ containerPage }) => {
  await containerPage.open("shop-frontend-1");
  const first = containerPage.logRowsWith(/request_trace=[0-9a-f]{32}/).first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  // Live rows keep arriving on top: pin the row by its own trace ID, not by its position.
  const chosen = idIn(await first.textContent());
  const row = containerPage.logRowsWith(new RegExp(`request_trace=${chosen}`)).first();
  const ctx = await containerPage.openContext(row);
  const marked = ctx.locator(".logrow.hl");
  await expect(marked).toBeVisible();
  const id = idIn(await marked.textContent());
  await expect(containerPage.traceLinkOf(marked)).toHaveAttribute("href", new RegExp(`^/traces/${id}\\?`));
});
