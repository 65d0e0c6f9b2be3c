// Shedding on event-loop delay (issue #13), with a fake delay: while the loop runs later than
// SIGHTLINE_MAX_LOOP_DELAY_MS with a backlog in flight, new page and API requests get 503 with
// a message and a Retry-After at once (a few requests on a late loop — a cold server's first
// page — are served); later than a fraction of it, only up to an in-flight limit that falls while the
// loop stays late; health, probes, metrics, assets and live tails are still served; the
// early answer (/api/health before Next.js) runs whatever the delay and can hand a request on.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installHttpHook, setMaxInFlight } from "./http-hook";
import { LATE_FRACTION, LIMIT_STEP_MS, SHED_MIN_IN_FLIGHT } from "./loop-delay";
import { routeMatcher } from "./routes";

let app: http.Server;
let url = "";
let delay = 0;
/** Requests that reached the app (past the hook). */
let reached: string[] = [];
let gate = Promise.resolve();
let held = 0;

/** Keeps `n` page/API requests in flight until the returned function is called. */
async function backlog(n: number): Promise<() => Promise<void>> {
  let release: () => void = () => {};
  gate = new Promise((r) => (release = r));
  const delayed = delay;
  delay = 0; // admitted while the loop is on time
  const slow = Array.from({ length: n }, (_, i) => fetch(`${url}/api/slow/${i}`).then((r) => r.text()));
  while (held < n) await new Promise((r) => setTimeout(r, 10));
  delay = delayed;
  return async () => {
    release();
    await Promise.all(slow);
  };
}

beforeAll(async () => {
  installHttpHook({
    route: routeMatcher([]),
    write: () => {},
    maxLoopDelayMs: 50,
    loopDelay: () => delay,
    early(_req, res, pathname, proceed) {
      if (pathname === "/early") {
        res.end("early");
        return true;
      }
      if (pathname === "/early-later") {
        // Decides after a turn of the loop to hand the request on after all.
        setImmediate(proceed);
        return true;
      }
      return false;
    },
  });
  app = http.createServer(async (req, res) => {
    if (req.url?.startsWith("/api/slow")) {
      held++;
      await gate;
      held--;
    } else reached.push(req.url ?? "");
    res.end("app");
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(() => {
  setMaxInFlight(Number.POSITIVE_INFINITY);
  return new Promise((r) => app.close(r));
});
beforeEach(() => {
  delay = 0;
  reached = [];
});

describe("shedding while the event loop is late", () => {
  it("serves page and API requests while the delay is within the limit", async () => {
    delay = 50;
    const r = await fetch(`${url}/api/containers`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("app");
    expect(reached).toEqual(["/api/containers"]);
  });

  it("refuses them over the limit with 503, a message and Retry-After, without reaching the app", async () => {
    delay = 300;
    const done = await backlog(SHED_MIN_IN_FLIGHT);
    const api = await fetch(`${url}/api/containers/x/logs?from=now-1h`);
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("2");
    expect(api.headers.get("x-request-id")).toBeTruthy();
    expect(await api.json()).toEqual({
      error: {
        kind: "busy",
        message: "Sightline is busy: its work queue runs 300 ms late (limit 50 ms); try again in a moment",
      },
    });
    const page = await fetch(`${url}/containers/x`, { headers: { Accept: "text/html,*/*" } });
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/<p>Sightline is busy: its work queue runs 300 ms late/);
    expect(reached).toEqual([]);
    await done();
  });

  it("does not refuse while only a few requests are in flight (one user on a cold server)", async () => {
    delay = 900;
    const done = await backlog(SHED_MIN_IN_FLIGHT - 2);
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
    expect((await fetch(`${url}/containers/x`)).status).toBe(200);
    await done();
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
  });

  it("still serves health, probes, metrics, assets, login and live tails", async () => {
    delay = 5000;
    const done = await backlog(SHED_MIN_IN_FLIGHT);
    const exempt = [
      "/api/health",
      "/livez",
      "/readyz",
      "/metrics",
      "/_next/static/x.js",
      "/auth/login",
      "/api/containers/x/logs/tail",
    ];
    for (const p of exempt) expect((await fetch(`${url}${p}`)).status, p).toBe(200);
    expect(reached).toEqual(exempt);
    await done();
  });

  it("late but under the limit: admits up to an in-flight limit that falls while the loop stays late", async () => {
    delay = 40; // over the adaptive limit's target (LATE_FRACTION of the limit), under the limit
    expect(delay).toBeGreaterThan(50 * LATE_FRACTION);
    const done = await backlog(SHED_MIN_IN_FLIGHT + 4);
    await new Promise((r) => setTimeout(r, LIMIT_STEP_MS + 10));
    const api = await fetch(`${url}/api/containers`);
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("1");
    expect(await api.json()).toEqual({
      error: {
        kind: "busy",
        message: `Sightline is busy: its work queue runs 40 ms late, so it serves ${SHED_MIN_IN_FLIGHT} requests at once for now; try again in a moment`,
      },
    });
    expect(reached).toEqual([]);
    // Back under the target: admitted at once.
    delay = 50 * LATE_FRACTION;
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
    await done();
  });

  it("admits again as soon as the delay is back under the limit", async () => {
    delay = 400;
    const done = await backlog(SHED_MIN_IN_FLIGHT);
    expect((await fetch(`${url}/api/containers`)).status).toBe(503);
    delay = 50 * LATE_FRACTION;
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
    await done();
  });
});

describe("the early answer", () => {
  it("answers before admission and before the app, even while the loop is late", async () => {
    delay = 5000;
    const r = await fetch(`${url}/early`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("early");
    expect(r.headers.get("x-request-id")).toBeTruthy();
    expect(reached).toEqual([]);
  });

  it("can hand a request on later: it then goes through admission like any other", async () => {
    const ok = await fetch(`${url}/early-later`);
    expect(await ok.text()).toBe("app");
    delay = 300;
    const done = await backlog(SHED_MIN_IN_FLIGHT);
    expect((await fetch(`${url}/early-later`)).status).toBe(503);
    expect(reached).toEqual(["/early-later"]);
    await done();
  });
});
