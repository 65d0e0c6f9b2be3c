// Page object: one container's workspace (`/containers/{ref}`): header, metrics, logs, traces.
import { expect, type Locator, type Page } from "@playwright/test";

export class ContainerPage {
  readonly name: Locator;
  readonly metrics: Locator;
  readonly logs: Locator;
  readonly traces: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId("container-name");
    this.metrics = page.getByRole("region", { name: "Metrics" });
    this.logs = page.getByRole("region", { name: "Logs" });
    this.traces = page.getByRole("region", { name: "Traces" });
  }

  /** `params` is the query string without `?`, e.g. `from=now-30m&to=now&live=1`. */
  async open(ref: string, params = "from=now-30m&to=now"): Promise<this> {
    await this.page.goto(`/containers/${encodeURIComponent(ref)}${params ? `?${params}` : ""}`);
    await this.name.waitFor();
    // The HTML carries the panels answered for the server's clock (the e2e browser's is pinned
    // 10+ minutes earlier): wait until React runs them before reading rows or pointing at charts.
    await this.page.locator('[data-panels="live"]').waitFor({ state: "attached" });
    return this;
  }

  chart(id: "cpu" | "memory" | "throttling" | "network"): Locator {
    return this.page.getByTestId(`chart-${id}`);
  }

  /** Rows of the main log list (not the focus list or the context). */
  get logRows(): Locator {
    return this.logs.getByTestId("log-list").getByTestId("log-row");
  }

  /** Rows whose text contains `text`. */
  logRowsWith(text: string | RegExp): Locator {
    return this.logRows.filter({ hasText: text });
  }

  /** A row's trace link (the first 8 hex of its trace ID). */
  traceLinkOf(row: Locator): Locator {
    return row.getByRole("link", { name: /^[0-9a-f]{8}$/ });
  }

  get focusLines(): Locator {
    return this.page.getByTestId("focus-lines");
  }

  /**
   * The "lines around this one" panel of a row, opened. The button shows while the row is
   * hovered; lines arriving meanwhile can move the row from under the pointer, so hover and
   * click are tried again together until the click lands.
   */
  async openContext(row: Locator): Promise<Locator> {
    await expect(async () => {
      await row.hover();
      await row.getByRole("button", { name: "context" }).click({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    return this.page.getByTestId("log-context");
  }

  get liveToggle(): Locator {
    return this.logs.getByRole("button", { name: /Live/ });
  }

  get traceRows(): Locator {
    return this.traces.getByTestId("trace-row");
  }
}
