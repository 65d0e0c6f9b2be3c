import { expect, test } from "@playwright/test";
import { setFault } from "../helpers";

test("live mode follows new lines, pauses when scrolled, shows N new lines, and says when Loki dropped entries", async ({
  page,
}) => {
  await page.goto("/containers/shop-frontend-1?from=now-15m&to=now&live=1");
  const list = page.getByTestId("logs-panel").getByTestId("log-list");
  await expect(page.getByTestId("live-toggle")).toHaveText(/Live/);
  await expect(page.getByTestId("logs-panel")).toContainText("following new lines");
  await expect(list.getByTestId("log-row").first()).toBeVisible({ timeout: 20_000 });
  const before = Number(await list.getAttribute("data-count"));
  await expect
    .poll(async () => Number(await list.getAttribute("data-count")), { timeout: 20_000 })
    .toBeGreaterThan(before);

  // Enough lines to scroll (the tail starts with the last minute).
  await expect.poll(async () => Number(await list.getAttribute("data-count")), { timeout: 30_000 }).toBeGreaterThan(25);
  // Scrolled away from the newest line: new lines wait instead of moving the view.
  await list.evaluate((el) => {
    el.scrollTop = 60;
    el.dispatchEvent(new Event("scroll"));
  });
  const newLines = page.getByTestId("new-lines");
  await expect(newLines).toBeVisible({ timeout: 20_000 });
  const frozen = Number(await list.getAttribute("data-count"));
  await expect(newLines).toHaveText(/\d+ new lines/);
  expect(Number(await list.getAttribute("data-count"))).toBe(frozen);
  await newLines.click();
  await expect.poll(async () => Number(await list.getAttribute("data-count"))).toBeGreaterThan(frozen);

  await setFault("loki", "dropped");
  try {
    await expect(page.getByTestId("logs-panel").getByText(/Loki dropped \d+ entries/)).toBeVisible({ timeout: 20_000 });
  } finally {
    await setFault("loki", "none");
  }
  // Leaving live mode goes back to the range query.
  await page.getByTestId("live-toggle").click();
  await expect(page).not.toHaveURL(/live=1/);
  await expect(page.getByTestId("log-count")).toBeVisible();
});
