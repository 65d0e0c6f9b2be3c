// Page object: the container inventory (`/`). Locators by role and accessible name where the
// UI has them; test IDs only for rows that have no accessible name of their own.
import type { Locator, Page } from "@playwright/test";

export class InventoryPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Containers" });
    this.search = page.getByRole("searchbox", { name: "Search containers" });
    this.rows = page.getByTestId("container-row");
  }

  async open(query = ""): Promise<this> {
    await this.page.goto(`/${query ? `?${query}` : ""}`);
    await this.heading.waitFor();
    return this;
  }

  row(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }

  /** A compose project's group (a region named "Compose project <name>"). */
  group(project: string): Locator {
    return this.page.getByRole("region", { name: `Compose project ${project}` });
  }

  sparkline(name: string): Locator {
    return this.page.getByRole("img", { name: `CPU of ${name}` });
  }

  async openContainer(name: string): Promise<void> {
    await this.page.getByRole("link", { name, exact: true }).click();
  }
}
