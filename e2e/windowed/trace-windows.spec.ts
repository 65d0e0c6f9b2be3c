import { expect, type Page, test } from "@playwright/test";

// This project's server treats any trace over 1,000 spans as huge (SIGHTLINE_TRACE_WINDOW_SPANS),
// so the demo's generated 10,000-span trace takes the path a 1,000,000-span one takes: the
// server keeps the trace and sends the rows in view; scrolling, collapse, search and links ask it.
const TRACE = `feed${"0".repeat(20)}${(10_000).toString(16).padStart(8, "0")}`;

const rows = (page: Page) => page.getByTestId("span-row");

/**
 * Scroll the waterfall to a fraction of its height, then wait until the rows drawn are from
 * there (the list has re-rendered for the scroll) and none of them is a placeholder.
 */
async function scrollTo(page: Page, frac: number) {
  const wf = page.getByTestId("waterfall");
  const want = await wf.evaluate((el, f) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
    return Math.floor((Number(el.dataset.rows) - el.clientHeight / 24) * f) - 30;
  }, frac);
  await expect.poll(async () => Number(await rows(page).last().getAttribute("data-pos"))).toBeGreaterThanOrEqual(want);
  await expect(page.getByTestId("span-row-pending")).toHaveCount(0);
}

test("a huge trace arrives a window at a time: scrolling, detail, collapse and expand go through the server", async ({
  page,
}) => {
  const windows: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes(`/api/traces/${TRACE}/window`)) windows.push(r.url());
  });
  const columns = page.waitForResponse((r) => r.url().includes(`/api/traces/${TRACE}/columns`));
  await page.goto(`/traces/${TRACE}`);
  const view = page.getByTestId("trace-view");
  await expect(view).toHaveAttribute("data-windowed", "");
  await expect(page.getByTestId("trace-windowed")).toContainText("10,000 spans");
  await expect(page.getByTestId("trace-span-count")).toHaveText("10,000");
  await expect(page.getByTestId("visible-count")).toHaveText("10,000 spans");
  // The browser got the first window, not the tree: the whole tree's columns are ~0.7 MB.
  const body = await (await columns).body();
  expect(body.length).toBeLessThan(100_000);
  await expect(rows(page).first()).toHaveAttribute("data-pos", "0");

  // The end of the list: rows the browser did not have, fetched as a window.
  await scrollTo(page, 1);
  await expect(page.locator('[data-testid="span-row"][data-pos="9999"]')).toBeVisible();
  expect(windows.length).toBeGreaterThan(0);
  const lastId = await page.locator('[data-testid="span-row"][data-pos="9999"]').getAttribute("data-span-id");
  expect(lastId).toMatch(/^[0-9a-f]+$/);

  // A click there shows the span's detail, attributes from the server.
  await page.locator('[data-testid="span-row"][data-pos="9999"]').click();
  const detail = page.locator(`[data-testid="span-detail"][data-span-id="${lastId}"]`);
  await expect(detail.getByTestId("span-detail-full")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`spanId=${lastId}`));

  // Collapse all: the server says only the root is left; expand all brings every row back.
  await page.getByTestId("collapse-all").click();
  await expect(page.getByTestId("visible-count")).toHaveText("1 of 10,000 spans shown");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute("aria-expanded", "false");
  // Expanding the root by its caret: its children come from the server.
  await rows(page).first().getByTestId("span-toggle").click();
  await expect(rows(page).first()).toHaveAttribute("aria-expanded", "true");
  await expect.poll(async () => rows(page).count()).toBeGreaterThan(1);
  await expect(page.getByTestId("visible-count")).toHaveText(/^[\d,]+ of 10,000 spans shown$/);
  await page.getByTestId("expand-all").click();
  await expect(page.getByTestId("visible-count")).toHaveText("10,000 spans");

  // A collapsed subtree's rows leave the list, and the count says how many are hidden.
  await scrollTo(page, 0);
  const parent = rows(page).nth(1);
  await expect(parent).toHaveAttribute("aria-expanded", "true");
  await parent.getByTestId("span-toggle").click();
  await expect(parent).toHaveAttribute("aria-expanded", "false");
  await expect(parent.locator(".wf-hidden")).toHaveText(/^\+\d+$/);
  const hidden = Number((await parent.locator(".wf-hidden").textContent())?.slice(1));
  await expect(page.getByTestId("visible-count")).toHaveText(
    `${(10_000 - hidden).toLocaleString("en")} of 10,000 spans shown`,
  );
});

test("search, only matches and the next-match jump ask the server", async ({ page }) => {
  await page.goto(`/traces/${TRACE}`);
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-windowed", "");
  // "SyntheticError" is an attribute of the failing spans only: the browser never had it.
  await page.getByTestId("trace-search").fill("SyntheticError");
  await expect(page.getByTestId("trace-search-count")).toHaveText(/^\d[\d,]* match(es)?$/);
  const count = Number(
    (await page.getByTestId("trace-search-count").textContent())?.match(/^[\d,]+/)?.[0].replace(/,/g, ""),
  );
  expect(count).toBeGreaterThan(0);
  await page.getByTestId("trace-search-next").click();
  const matched = page.locator('[data-testid="span-row"].sel');
  await expect(matched).toBeVisible();
  await expect(matched).toHaveClass(/\bmatch\b/);
  await expect(matched).toHaveAttribute("data-error", "true");
  const spanId = await matched.getAttribute("data-span-id");
  await expect(
    page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`).getByTestId("span-attributes"),
  ).toContainText("SyntheticError");
  // The server says which match is next and its rank: "1 of N", then around the end to "N of N".
  const all = count.toLocaleString("en");
  await expect(page.getByTestId("trace-search-count")).toHaveText(`1 of ${all} ${count === 1 ? "match" : "matches"}`);
  await page.getByTestId("trace-search-prev").click();
  await expect(page.getByTestId("trace-search-count")).toHaveText(
    `${all} of ${all} ${count === 1 ? "match" : "matches"}`,
  );
  await expect(page.locator('[data-testid="span-row"].sel')).toHaveClass(/\bmatch\b/);

  // Only matches: the server drops every row that is neither a match nor an ancestor of one.
  await page.getByTestId("trace-search-only").check();
  await expect(page.getByTestId("visible-count")).toHaveText(/^[\d,]+ of 10,000 spans shown$/);
  const shown = Number(
    (await page.getByTestId("visible-count").textContent())?.match(/^[\d,]+/)?.[0].replace(/,/g, ""),
  );
  expect(shown).toBeGreaterThanOrEqual(count);
  expect(shown).toBeLessThan(10_000);
  for (const r of await rows(page).all()) {
    // Every row left is a match or holds one below it.
    const cls = (await r.getAttribute("class")) ?? "";
    const expanded = await r.getAttribute("aria-expanded");
    expect(cls.includes("match") || expanded === "true").toBe(true);
  }
});

test("a link to a span far down the trace opens with it selected, in view, its detail loaded", async ({ page }) => {
  await page.goto(`/traces/${TRACE}`);
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-windowed", "");
  await scrollTo(page, 0.9);
  const far = page.locator('[data-testid="span-row"]').last();
  const spanId = await far.getAttribute("data-span-id");
  const pos = Number(await far.getAttribute("data-pos"));
  expect(pos).toBeGreaterThan(8000);

  await page.goto(`/traces/${TRACE}?spanId=${spanId}`);
  const row = page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveClass(/\bsel\b/);
  await expect(
    page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`).getByTestId("span-detail-full"),
  ).toBeVisible();

  // The keyboard walks the rows the server sends.
  await page.getByTestId("waterfall").focus();
  await page.keyboard.press("ArrowDown");
  const selectedPos = () => page.locator('[data-testid="span-row"].sel').getAttribute("data-pos");
  await expect.poll(selectedPos).toBe(String(pos + 1));
  // Home: the first row, whose window the browser no longer needs to have; one press selects it.
  await page.keyboard.press("Home");
  await expect(page.locator('[data-testid="span-row"][data-pos="0"]')).toHaveClass(/\bsel\b/);
  await page.keyboard.press("End");
  await expect(page.locator('[data-testid="span-row"][data-pos="9999"]')).toHaveClass(/\bsel\b/);

  // A span that is not in the trace is said so.
  await page.goto(`/traces/${TRACE}?spanId=00000000deadbeef`);
  await expect(page.getByTestId("span-not-found")).toContainText("00000000deadbeef");
});
