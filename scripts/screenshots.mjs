#!/usr/bin/env node
// Screenshots of a running Sightline (default http://127.0.0.1:3000) in both themes, for the
// README and for looking at what we built: node scripts/screenshots.mjs [baseUrl] [outDir]
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const out = process.argv[3] ?? "test-results/screens";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
for (const theme of ["light", "dark"]) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: theme });
  await page.goto(`${base}/`);
  await page.getByTestId("container-row").first().waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/inventory-${theme}.png`, fullPage: true });
  await page.goto(`${base}/containers/shop-payments-1?from=now-1h&to=now`);
  await page.getByTestId("trace-row").first().waitFor({ timeout: 30_000 });
  await page.getByTestId("log-row").first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2000);
  await page.screenshot({ path: `${out}/container-${theme}.png`, fullPage: true });
  const href = await page.getByTestId("trace-row").first().getByRole("link").getAttribute("href");
  await page.goto(`${base}${href}`);
  await page.getByTestId("span-row").first().waitFor({ timeout: 30_000 });
  await page.getByTestId("span-row").nth(3).click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/trace-${theme}.png`, fullPage: true });
  await page.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
