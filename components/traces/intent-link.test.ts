// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from "@testing-library/react";
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

// What the link asked next/link for, and what it asked the router to prefetch.
const nav = vi.hoisted(() => ({ prefetch: vi.fn<(href: string) => void>(), linkProps: [] as unknown[] }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ prefetch: nav.prefetch }) }));
vi.mock("next/link", async () => {
  const { createElement: h } = await import("react");
  return {
    default: ({ prefetch, ...props }: Record<string, unknown>) => {
      nav.linkProps.push({ prefetch, href: props.href });
      return h("a", props);
    },
  };
});

import { IntentLink } from "./IntentLink";

// data-* attributes pass through like any other prop (JSX allows them; createElement's types do not).
const link = (props: Record<string, unknown>, text: string) =>
  createElement(IntentLink as (p: Record<string, unknown>) => ReturnType<typeof IntentLink>, props, text);

afterEach(() => {
  cleanup();
  nav.prefetch.mockReset();
  nav.linkProps.length = 0;
});

describe("IntentLink", () => {
  it("never lets next/link prefetch on sight; prefetches once when the pointer enters or it gets focus", () => {
    const onFocus = vi.fn();
    const { getByTestId } = render(link({ href: "/containers/shop-cart-1", "data-testid": "l", onFocus }, "cart"));
    expect(nav.linkProps.every((p) => (p as { prefetch: unknown }).prefetch === false)).toBe(true);
    expect(nav.prefetch).not.toHaveBeenCalled();
    const a = getByTestId("l");
    expect(a.getAttribute("href")).toBe("/containers/shop-cart-1");
    act(() => {
      fireEvent.pointerEnter(a);
    });
    expect(nav.prefetch).toHaveBeenCalledWith("/containers/shop-cart-1");
    act(() => {
      fireEvent.focus(a);
      fireEvent.pointerEnter(a);
    });
    expect(nav.prefetch).toHaveBeenCalledTimes(1);
    expect(onFocus).toHaveBeenCalledTimes(1);
  });

  it("a new href is prefetched on the next intent", () => {
    const { getByTestId, rerender } = render(link({ href: "/a", "data-testid": "l" }, "x"));
    act(() => {
      fireEvent.focus(getByTestId("l"));
    });
    rerender(link({ href: "/b", "data-testid": "l" }, "x"));
    act(() => {
      fireEvent.pointerEnter(getByTestId("l"));
    });
    expect(nav.prefetch.mock.calls.map((c) => c[0])).toEqual(["/a", "/b"]);
  });
});
