// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { createElement, useState } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChartLegend, filterEntries, fittingCount } from "./ChartLegend";
import type { LegendEntry } from "./chart-view";

const entries: LegendEntry[] = Array.from({ length: 12 }, (_, i) => ({
  name: `pod-${String.fromCharCode(97 + i)}`,
  color: `#${(i + 1).toString(16).repeat(6)}`,
  kind: "line",
}));

describe("which legend entries fit", () => {
  it("counts entries whose right edge is inside the width, in order", () => {
    expect(fittingCount([50, 100, 150], 120)).toBe(2);
    expect(fittingCount([50, 100, 150], 150)).toBe(3);
    expect(fittingCount([50, 100, 150], 10)).toBe(0);
    expect(fittingCount([], 100)).toBe(0);
  });
  it("filters by every word of the filter, case-insensitively", () => {
    const list: LegendEntry[] = ["api-7f9 cpu", "api-7f9 memory", "db-0 cpu"].map((name) => ({
      name,
      color: "#000",
      kind: "line",
    }));
    expect(filterEntries(list, "").map((e) => e.name)).toEqual(["api-7f9 cpu", "api-7f9 memory", "db-0 cpu"]);
    expect(filterEntries(list, " CPU ").map((e) => e.name)).toEqual(["api-7f9 cpu", "db-0 cpu"]);
    expect(filterEntries(list, "api cpu").map((e) => e.name)).toEqual(["api-7f9 cpu"]);
    expect(filterEntries(list, "nothing")).toEqual([]);
  });
});

// happy-dom does no layout: every legend button is 60 px wide with 8 px between them, and the
// legend's line is 300 px wide, so four entries fit (right edges 60, 128, 196, 264).
const saved = new Map<string, PropertyDescriptor | undefined>();
function stub(prop: string, get: (this: HTMLElement) => number) {
  saved.set(prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop));
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get });
}
beforeAll(() => {
  stub("offsetWidth", function () {
    return this.tagName === "BUTTON" ? 60 : 0;
  });
  stub("offsetLeft", function () {
    return this.parentElement ? Array.from(this.parentElement.children).indexOf(this) * 68 : 0;
  });
  stub("clientWidth", function () {
    return this.classList.contains("chart-legend") ? 300 : 0;
  });
});
afterAll(() => {
  for (const [prop, d] of saved) {
    if (d) Object.defineProperty(HTMLElement.prototype, prop, d);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
  }
});
afterEach(cleanup);

/** The legend with its own on/off state, as EChart holds it. */
function Harness({ list }: { list: LegendEntry[] }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  return createElement(ChartLegend, {
    entries: list,
    hidden,
    ariaLabel: "CPU",
    maxHeight: 200,
    onToggle: (name: string) =>
      setHidden((h) => {
        const n = new Set(h);
        if (!n.delete(name)) n.add(name);
        return n;
      }),
    onOnly: (name: string | null) =>
      setHidden(name === null ? new Set() : new Set(list.filter((e) => e.name !== name).map((e) => e.name))),
  });
}

const pressed = (b: HTMLElement) => b.getAttribute("aria-pressed") === "true";

describe("a legend with more entries than fit", () => {
  it("keeps the ones that fit in the line and offers the rest behind +N", () => {
    render(createElement(Harness, { list: entries }));
    const line = screen.getByRole("group", { name: "CPU: series" });
    const buttons = within(line).getAllByRole("button", { hidden: true });
    expect(buttons).toHaveLength(12);
    // The first four are visible and reachable; the others keep their place, hidden and out of tab order.
    expect(buttons.slice(0, 4).every((b) => b.style.visibility === "" && b.tabIndex !== -1)).toBe(true);
    expect(buttons.slice(4).every((b) => b.style.visibility === "hidden" && b.tabIndex === -1)).toBe(true);
    const more = screen.getByRole("button", { name: "CPU: all 12 series" });
    expect(more.textContent).toBe("+8");
    expect(more.getAttribute("aria-expanded")).toBe("false");
  });

  it("the whole list filters, toggles, shows only one and shows all again", () => {
    render(createElement(Harness, { list: entries }));
    fireEvent.click(screen.getByRole("button", { name: "CPU: all 12 series" }));
    const dialog = screen.getByRole("dialog", { name: "CPU: all series" });
    const rows = () => within(dialog).getAllByRole("listitem");
    expect(rows()).toHaveLength(12);

    // Filter down to one entry past the line's edge, turn it off there: the line's button says so.
    fireEvent.change(within(dialog).getByRole("searchbox", { name: "Filter series" }), { target: { value: "POD-K" } });
    expect(rows()).toHaveLength(1);
    const k = within(rows()[0]!).getAllByRole("button")[0]!;
    expect(pressed(k)).toBe(true);
    fireEvent.click(k);
    expect(pressed(k)).toBe(false);
    const line = screen.getByRole("group", { name: "CPU: series" });
    const lineK = within(line)
      .getAllByRole("button", { hidden: true })
      .find((b) => b.textContent === "pod-k")!;
    expect(pressed(lineK)).toBe(false);

    // Only pod-b: everything else off.
    fireEvent.change(within(dialog).getByRole("searchbox"), { target: { value: "" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Only pod-b" }));
    const states = within(line)
      .getAllByRole("button", { hidden: true })
      .map((b) => [b.textContent, pressed(b)]);
    expect(states.filter(([, on]) => on)).toEqual([["pod-b", true]]);
    // The one left on cannot be made "only" again (nothing would change); Show all turns all on.
    expect((within(dialog).getByRole("button", { name: "Only pod-b" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole("button", { name: "Show all" }));
    expect(within(line).getAllByRole("button", { hidden: true }).every(pressed)).toBe(true);
    expect((within(dialog).getByRole("button", { name: "Show all" }) as HTMLButtonElement).disabled).toBe(true);

    // A filter that matches nothing says so.
    fireEvent.change(within(dialog).getByRole("searchbox"), { target: { value: "zzz" } });
    expect(dialog.textContent).toContain("No series matches");
  });

  it("closes on Escape and on a press outside, not on a press inside", () => {
    render(createElement(Harness, { list: entries }));
    const more = screen.getByRole("button", { name: "CPU: all 12 series" });
    fireEvent.click(more);
    const dialog = screen.getByRole("dialog");
    act(() => {
      dialog.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    });
    expect(screen.queryByRole("dialog")).not.toBeNull();
    act(() => {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    });
    expect(screen.queryByRole("dialog")).toBeNull();
    fireEvent.click(more);
    expect(screen.getByRole("dialog")).toBeTruthy();
    act(() => {
      document.body.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

describe("the legend is not the chart", () => {
  it("presses and moves over it do not reach the chart; entering it ends the chart's hover", () => {
    const chart = { down: 0, move: 0, enter: 0 };
    render(
      createElement(
        "div",
        { onPointerDown: () => chart.down++, onPointerMove: () => chart.move++ },
        createElement(ChartLegend, {
          entries,
          hidden: new Set<string>(),
          ariaLabel: "CPU",
          maxHeight: 200,
          onToggle: () => {},
          onOnly: () => {},
          onEnter: () => chart.enter++,
        }),
      ),
    );
    const first = within(screen.getByRole("group")).getAllByRole("button")[0]!;
    fireEvent.pointerEnter(first.parentElement!.parentElement!);
    fireEvent.pointerMove(first);
    fireEvent.pointerDown(first);
    expect(chart).toEqual({ down: 0, move: 0, enter: 1 });
  });
});

describe("a legend that fits", () => {
  it("has no +N button and every entry visible", () => {
    render(createElement(Harness, { list: entries.slice(0, 3) }));
    expect(screen.queryByRole("button", { name: /all \d+ series/ })).toBeNull();
    const buttons = within(screen.getByRole("group")).getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual(["pod-a", "pod-b", "pod-c"]);
  });
});
