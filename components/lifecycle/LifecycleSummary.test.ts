// Server-rendered markup of the header summary and "Why did it stop?" from a lifecycle answer
// (no DOM library here: react-dom/server with the query already in the cache).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { LifecycleResponse } from "@/lib/model/lifecycle";
import { millis } from "@/lib/model/time";
import { lifecycleQuery } from "@/lib/queries/keys";
import { LifecycleSummary } from "./LifecycleSummary";

const T = Date.UTC(2026, 11, 5, 14, 3, 10);
const range = { from: millis(T - 3_600_000), to: millis(T + 600_000) };
const res: LifecycleResponse = {
  containerId: "a".repeat(64),
  events: [],
  exits: [
    {
      at: millis(T),
      exitCode: 137,
      label: "OOM killed",
      explanation: "Killed for memory: the engine reported an out-of-memory kill (exit 137).",
      oom: true,
      evidence: ["exit code 137 (docker)"],
      lastLogs: [{ ts: "1", line: "WARNING <b>memory</b> high" }],
      logsHref: "/containers/w?from=1&to=2&tab=logs",
      restartedAt: millis(T + 1500),
    },
  ],
  summary: {
    restarts: 1,
    restartsAt: [millis(T + 1500)],
    oomKills: 1,
    exits: 1,
    text: "restarted 1× in this range, last: OOM killed",
    last: { at: millis(T), label: "OOM killed", href: "/containers/w?from=10&to=20" },
  },
  gaps: [{ kind: "engine-forgot", message: "Prometheus saw 1 start that the docker engine has no event for." }],
  errors: [],
};

function render(data: LifecycleResponse) {
  const qc = new QueryClient();
  qc.setQueryData(lifecycleQuery("w", range).queryKey, data);
  return renderToStaticMarkup(
    createElement(QueryClientProvider, { client: qc }, createElement(LifecycleSummary, { containerRef: "w", range })),
  );
}

describe("LifecycleSummary", () => {
  const html = render(res);
  it("says the summary with the time and links to the minutes around the last exit", () => {
    expect(html).toMatch(/restarted 1× in this range, last: OOM killed at \d\d:\d\d/);
    expect(html).toContain('href="/containers/w?from=10&amp;to=20"');
    expect(html).toContain("1 OOM");
  });
  it("explains the exit with its evidence, last lines (as text) and a link to the logs", () => {
    expect(html).toContain("Why did it stop?");
    expect(html).toContain("Killed for memory");
    expect(html).toContain("exit code 137 (docker)");
    expect(html).toContain("WARNING &lt;b&gt;memory&lt;/b&gt; high");
    expect(html).toContain('href="/containers/w?from=1&amp;to=2&amp;tab=logs"');
  });
  it("lists what could not be known", () => {
    expect(html).toContain("Prometheus saw 1 start that the docker engine has no event for.");
  });
  it("no exits: no 'why' section", () => {
    const quiet = render({
      ...res,
      exits: [],
      summary: { ...res.summary, restarts: 0, restartsAt: [], text: "no restarts in this range", last: undefined },
    });
    expect(quiet).toContain("no restarts in this range");
    expect(quiet).not.toContain("Why did it stop?");
  });
});
