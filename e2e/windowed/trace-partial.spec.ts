import { expect, test } from "@playwright/test";

// The path of a 1,000,000-span trace at a size CI can afford: the backend's answer arrives
// half, then stalls (the mock's "stall" fault), as a 300 MB answer does; the page shows first
// rows from the spans decoded so far, labelled and read-only, then the whole trace in windows
// (this project's server windows anything over 1,000 spans).
const CONTROL = "http://127.0.0.1:3369";
// A tag of its own per run: the server has not loaded this trace before (not even for a retry).
const TRACE = `feed${Date.now().toString(16).padStart(20, "0")}${(10_000).toString(16).padStart(8, "0")}`;

async function jaegerFault(mode: string, delayMs?: number) {
  const r = await fetch(`${CONTROL}/faults/jaeger`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(delayMs === undefined ? { mode } : { mode, delayMs }),
  });
  expect(r.ok).toBe(true);
}

test.afterEach(() => jaegerFault("none"));

test("a trace still arriving shows its first rows, labelled partial and read-only, then the whole trace in windows", async ({
  page,
}) => {
  await jaegerFault("stall", 6000);
  // While the first rows show, the page asks how far the server's load is.
  const polled = page.waitForResponse((r) => r.url().includes(`/api/traces/${TRACE}/progress`));
  await page.goto(`/traces/${TRACE}`);
  const view = page.getByTestId("trace-view");
  // First rows of the spans decoded so far: said so, nothing that needs the whole trace.
  await expect(view).toHaveAttribute("data-state", "first-rows");
  await expect(page.getByTestId("trace-loading-note")).toContainText("Loading the trace");
  await expect(page.getByTestId("visible-count")).toHaveText(/spans so far$/);
  await expect(page.getByTestId("span-row").first()).toBeVisible();
  await expect(page.getByTestId("collapse-all")).toBeDisabled();
  await expect(page.getByTestId("trace-search")).toBeDisabled();
  const progress = (await (await polled).json()) as { loading: { bytes: number; totalBytes: number } | null };
  expect(progress.loading?.bytes).toBeGreaterThan(0);
  expect(progress.loading?.bytes).toBeLessThan(progress.loading?.totalBytes ?? 0);
  await expect(page.getByTestId("trace-load-progress")).toHaveAttribute("max", String(progress.loading?.totalBytes));
  // The rest arrives: the whole trace, in windows, and every control works.
  await expect(view).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(view).toHaveAttribute("data-windowed", "");
  await expect(page.getByTestId("trace-loading-note")).toHaveCount(0);
  await expect(page.getByTestId("visible-count")).toHaveText("10,000 spans");
  await page.getByTestId("collapse-all").click();
  await expect(page.getByTestId("visible-count")).toHaveText("1 of 10,000 spans shown");
});
