import { expect, type Locator, type Page } from "@playwright/test";

export const CONTROL = "http://127.0.0.1:3319";

export async function setFault(backend: "prometheus" | "loki" | "jaeger" | "engine", mode: string) {
  const r = await fetch(`${CONTROL}/faults/${backend}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });
  expect(r.ok).toBe(true);
}

/** Drag horizontally across a chart between two fractions of its plot width. */
export async function dragAcross(page: Page, chart: Locator, fromFrac: number, toFrac: number) {
  const box = await chart.boundingBox();
  if (!box) throw new Error("chart not visible");
  const left = box.x + 56;
  const width = box.width - 56 - 12;
  const y = box.y + box.height / 2;
  await page.mouse.move(left + width * fromFrac, y);
  await page.mouse.down();
  await page.mouse.move(left + width * ((fromFrac + toFrac) / 2), y, { steps: 5 });
  await page.mouse.move(left + width * toFrac, y, { steps: 5 });
  await page.mouse.up();
}

export function rangeFromUrl(url: string): { from: number; to: number } {
  const u = new URL(url);
  return { from: Number(u.searchParams.get("from")), to: Number(u.searchParams.get("to")) };
}

/** Scrolls the virtualised log list until a restart separator is rendered; returns the first. */
export async function scrollToSeparator(page: Page): Promise<Locator> {
  const list = page.getByTestId("log-list").first();
  const sep = page.getByTestId("log-separator");
  for (let i = 0; i < 60 && (await sep.count()) === 0; i++) {
    await list.evaluate((el) => {
      el.scrollTop += 300;
    });
    await page.waitForTimeout(50);
  }
  return sep.first();
}
