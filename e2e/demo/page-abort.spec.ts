import { expect, test } from "@playwright/test";
import { setFault } from "../helpers";

// A server-rendered page abandons its backend calls when its client leaves (#13): the App
// Router gives a page no abort signal, the HTTP hook does (lib/observe/request-context). Seen
// from /metrics: the hanging Loki call ends as "aborted" at once, not as a timeout 15 s later.
function abortedLoki(metrics: string): number {
  let total = 0;
  const re = /^sightline_backend_request_duration_seconds_count\{backend="loki",[^}]*outcome="aborted"\} (\d+)/gm;
  for (const m of metrics.matchAll(re)) total += Number(m[1]);
  return total;
}

test("the embed's backend calls stop when the viewer goes away", async ({ request, baseURL }) => {
  const path = "/embed/containers/shop-cart-1?from=now-1h&to=now";
  // Warm: the container resolves from the inventory cache in milliseconds, so the panels'
  // backend calls are surely running when the client leaves (a cold first render could still
  // be resolving after 3 s, and calls never started are not counted).
  expect((await request.get(path)).status()).toBe(200);
  const before = abortedLoki(await (await request.get("/metrics")).text());
  await setFault("loki", "hang");
  try {
    const ac = new AbortController();
    const page = fetch(`${baseURL}${path}`, { signal: ac.signal }).catch((e: Error) => e.name);
    // Long enough for the container to resolve and the panels' backend calls to start.
    await new Promise((r) => setTimeout(r, 3000));
    ac.abort();
    expect(await page).toBe("AbortError");
    await expect
      .poll(async () => abortedLoki(await (await request.get("/metrics")).text()), { timeout: 5000 })
      .toBeGreaterThan(before);
  } finally {
    await setFault("loki", "none");
  }
});
