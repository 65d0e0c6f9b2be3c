import { describe, expect, it } from "vitest";
import { assignServiceColors, serviceColor } from "./service-colors";

describe("service colours", () => {
  it("gives a service the same colour every time", () => {
    expect(serviceColor("cart")).toBe(serviceColor("cart"));
    expect(assignServiceColors(["b", "a"])).toEqual(assignServiceColors(["a", "b", "a"]));
  });

  it("gives up to 14 services of one trace distinct colours", () => {
    const names = Array.from({ length: 14 }, (_, i) => `service-${i}`);
    expect(new Set(assignServiceColors(names).values()).size).toBe(14);
    expect(assignServiceColors([...names, "one-more"]).size).toBe(15);
  });
});
