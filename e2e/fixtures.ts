// The test object every spec can import instead of @playwright/test's: page objects, and the
// browser's clock fixed for the whole run, so `now-30m` resolves to the same window in every
// test whatever minute it runs at. The demo world is deterministic by absolute time, so the
// same window shows the same data; the pinned instant is a whole 10 minutes in the past so the
// world already has every line and span of the window (Loki/Jaeger mocks follow real time).
import { test as base } from "@playwright/test";
import { ContainerPage } from "./pages/container";
import { InventoryPage } from "./pages/inventory";
import { TracePage } from "./pages/trace";

const TEN_MIN = 600_000;
/** Fixed once per run: the start of the previous 10-minute block. */
export const FROZEN_NOW = Math.floor(Date.now() / TEN_MIN) * TEN_MIN - TEN_MIN;

export const test = base.extend<{ inventoryPage: InventoryPage; containerPage: ContainerPage; tracePage: TracePage }>({
  page: async ({ page }, use) => {
    await page.clock.setFixedTime(FROZEN_NOW);
    await use(page);
  },
  inventoryPage: async ({ page }, use) => use(new InventoryPage(page)),
  containerPage: async ({ page }, use) => use(new ContainerPage(page)),
  tracePage: async ({ page }, use) => use(new TracePage(page)),
});

export { expect } from "@playwright/test";
