import { describe, expect, it } from "vitest";
import { millis } from "@/lib/model/time";
import { parseContainerView, parseTraceView } from "@/lib/url/state";
import { around, containerLink, jaegerTraceUrl, traceLink } from "./trace-links";

const query = (href: string) => new URLSearchParams(href.split("?")[1] ?? "");

describe("trace links", () => {
  it("builds a container logs link that parses back with range, tab, ids and chrome", () => {
    const href = containerLink(
      "shop cart/1",
      { theme: "dark", embed: true },
      {
        ...around(1_700_000_000_000, 1_700_000_000_250, 30_000),
        tab: "logs",
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "00f067aa0ba902b7",
      },
    );
    expect(href.startsWith("/containers/shop%20cart%2F1?")).toBe(true);
    const r = parseContainerView(query(href), millis(1_800_000_000_000));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.range.from).toEqual({ kind: "absolute", ms: 1_699_999_970_000 });
    expect(r.state.range.to).toEqual({ kind: "absolute", ms: 1_700_000_030_250 });
    expect(r.state.tab).toBe("logs");
    expect(r.state.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(r.state.spanId).toBe("00f067aa0ba902b7");
    expect(r.state.theme).toBe("dark");
    expect(r.state.embed).toBe(true);
  });

  it("leaves chrome out when it is the default", () => {
    const href = containerLink("cart", { embed: false }, { from: millis(1000), to: millis(2000), tab: "metrics" });
    expect(query(href).has("theme")).toBe(false);
    expect(query(href).has("embed")).toBe(false);
  });

  it("links to another trace keeping theme and embed", () => {
    const href = traceLink("4bf92f3577b34da6a3ce929d0e0e4736", { theme: "light", embed: true }, "00f067aa0ba902b7");
    expect(href.startsWith("/traces/4bf92f3577b34da6a3ce929d0e0e4736?")).toBe(true);
    const r = parseTraceView(query(href), millis(0));
    expect(r.ok && r.state).toMatchObject({ theme: "light", embed: true, spanId: "00f067aa0ba902b7" });
  });

  it("builds Jaeger UI links with uiFind, only for http(s) bases", () => {
    expect(jaegerTraceUrl("http://jaeger:16686/", "abc", "00f067aa0ba902b7")).toBe(
      "http://jaeger:16686/trace/abc?uiFind=00f067aa0ba902b7",
    );
    expect(jaegerTraceUrl("https://x.example/jaeger", "abc")).toBe("https://x.example/jaeger/trace/abc");
    expect(jaegerTraceUrl("javascript:alert(1)", "abc")).toBeUndefined();
    expect(jaegerTraceUrl("not a url", "abc")).toBeUndefined();
    expect(jaegerTraceUrl(undefined, "abc")).toBeUndefined();
  });
});
