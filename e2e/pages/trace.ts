// Page object: one trace (`/traces/{traceId}`): summary, containers strip, waterfall, span detail.
import type { Locator, Page } from "@playwright/test";

export class TracePage {
  readonly summary: Locator;
  readonly containers: Locator;
  readonly waterfall: Locator;
  readonly spanDetail: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByRole("region", { name: "Trace summary" });
    this.containers = page.getByRole("region", { name: "Containers this trace touched" });
    this.waterfall = page.getByRole("region", { name: "Span waterfall" });
    this.spanDetail = page.getByRole("complementary", { name: "Span detail" });
  }

  async open(traceId: string, params = ""): Promise<this> {
    await this.page.goto(`/traces/${traceId}${params ? `?${params}` : ""}`);
    await this.ready();
    return this;
  }

  async ready(): Promise<void> {
    await this.spanRows.first().waitFor();
  }

  /** The trace ID from the address bar. */
  traceId(): string {
    const id = /\/traces\/([0-9a-f]{32})/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`not on a trace page: ${this.page.url()}`);
    return id;
  }

  get spanRows(): Locator {
    return this.page.getByTestId("span-row");
  }

  spansOf(service: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-service="${service}"]`);
  }

  /** Select the first span of `service`; returns its span ID. */
  async selectSpanOf(service: string): Promise<string> {
    const span = this.spansOf(service).first();
    const id = await span.getAttribute("data-span-id");
    await span.click();
    await this.spanDetail.waitFor();
    return id ?? "";
  }

  get spanLogsLink(): Locator {
    return this.spanDetail.getByRole("link", { name: /^Logs of this span in / });
  }

  get spanMetricsLink(): Locator {
    return this.spanDetail.getByRole("link", { name: /^Metrics of .* at this time/ });
  }

  containerChip(name: string): Locator {
    return this.containers.getByTestId("container-chip").filter({ hasText: name });
  }
}
