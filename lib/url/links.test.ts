import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import { parseGoParams } from "./go";
import {
  chromeOf,
  containerHref,
  decodePathSegment,
  embedContainerHref,
  goHref,
  grafanaExploreHref,
  hrefOf,
  inventoryHref,
  jaegerTraceHref,
  shareHref,
  traceHref,
  withChrome,
} from "./links";
import type { ExplorePanes } from "./links-out";
import { DEFAULT_RANGE } from "./range";
import { containerViewState, embedViewState, inventoryViewState } from "./state";
import { parseContainerView, parseTraceView } from "./state-parse";
import { absoluteTime, relativeTime } from "./time";

const NOW = millis(Date.parse("2026-03-01T12:00:00Z"));
const TRACE = "2c4d87704d15565aa38c99f600db6813";
const split = (href: string) => {
  const u = new URL(href, "http://x");
  return { path: u.pathname, params: u.searchParams };
};

describe("in-app links", () => {
  it("encodes path segments so any container ref survives", () => {
    for (const ref of ["cart-1", "/compose_cart_1", "a b", "a/b?c#d", "ünï🚀", `"><script>`, "..", "%2F"]) {
      const href = containerHref(ref);
      expect(href.startsWith("/containers/")).toBe(true);
      const seg = href.slice("/containers/".length).split("?")[0]!;
      expect(seg).not.toMatch(/[/?#"<> ]/);
      expect(decodeURIComponent(seg)).toBe(ref);
    }
  });
  it("decodes path segments without throwing", () => {
    expect(decodePathSegment("cart%201")).toBe("cart 1");
    expect(decodePathSegment("%")).toBe("%");
    expect(decodePathSegment("100%ZZ")).toBe("100%ZZ");
    expect(decodePathSegment(containerHref("a/b?").slice(12))).toBe("a/b?");
  });
  it("builds container links that parse back to the same state", () => {
    const s = containerViewState({ tab: "logs", q: 'level="error"\n<b>', traceId: TRACE, theme: "dark", embed: true });
    const { path, params } = split(containerHref("cart 1", s));
    expect(path).toBe("/containers/cart%201");
    const r = parseContainerView(params, NOW);
    expect(r.ok && r.state).toEqual(s);
    expect(containerHref("cart")).toBe("/containers/cart");
    expect(containerHref("cart", { tab: undefined, range: undefined })).toBe("/containers/cart");
  });
  it("builds trace links with the id as 32 hex and an optional lookup range", () => {
    expect(traceHref("A38C99F600DB6813")).toBe("/traces/0000000000000000a38c99f600db6813");
    const href = traceHref(TRACE, {
      spanId: "e0c15ebb24a7f0f8",
      from: millis(1772359200000),
      to: millis(1772366400000),
      embed: true,
    });
    expect(href).toBe(`/traces/${TRACE}?from=1772359200000&to=1772366400000&spanId=e0c15ebb24a7f0f8&embed=1`);
    const r = parseTraceView(split(href).params, NOW);
    expect(r.ok && r.state.range).toEqual({ from: absoluteTime(1772359200000), to: absoluteTime(1772366400000) });
    expect(traceHref(TRACE, { to: millis(1772366400000) })).toBe(
      `/traces/${TRACE}?from=1772362800000&to=1772366400000`,
    );
    expect(traceHref(TRACE, { from: relativeTime(-7_200_000), theme: "light" })).toBe(
      `/traces/${TRACE}?from=now-2h&theme=light`,
    );
    expect(traceHref("not/a/trace")).toBe("/traces/not%2Fa%2Ftrace");
  });
  it("builds inventory, embed and go links", () => {
    expect(inventoryHref()).toBe("/");
    expect(inventoryHref({ q: "cart", theme: "dark" })).toBe("/?q=cart&theme=dark");
    expect(embedContainerHref("cart", { tab: "metrics", theme: "light" })).toBe(
      "/embed/containers/cart?tab=metrics&theme=light",
    );
    const href = goHref({ name: "cart-1", "container_label_com.docker": "a&b" }, millis(1772359200000));
    expect(href).toBe("/go?startsAt=2026-03-01T10%3A00%3A00.000Z&container_label_com.docker=a%26b&name=cart-1");
    const r = parseGoParams(split(href).params, NOW);
    expect(r.ok && r.state).toEqual({
      labels: { name: "cart-1", "container_label_com.docker": "a&b" },
      startsAt: 1772359200000,
      embed: false,
    });
  });
  it("propagates theme and embed", () => {
    const chrome = chromeOf({ theme: "dark", embed: true });
    expect(chrome).toEqual({ theme: "dark", embed: true });
    expect(containerHref("cart", { ...chrome, tab: "traces" })).toBe("/containers/cart?tab=traces&theme=dark&embed=1");
    expect(traceHref(TRACE, chrome)).toBe(`/traces/${TRACE}?theme=dark&embed=1`);
    expect(inventoryHref(chrome)).toBe("/?theme=dark&embed=1");
    expect(withChrome("/containers/x?tab=logs#top", chrome)).toBe("/containers/x?tab=logs&theme=dark&embed=1#top");
    expect(withChrome("/containers/x?theme=light", chrome)).toBe("/containers/x?theme=light&embed=1");
    expect(withChrome("/x", chromeOf({}))).toBe("/x");
    expect(withChrome("https://grafana.example/d/1", chrome)).toBe("https://grafana.example/d/1");
    expect(withChrome("//evil.example/x", chrome)).toBe("//evil.example/x");
  });
});

describe("shareHref", () => {
  it("pins relative times to epoch ms and drops live tail and auto-refresh", () => {
    const state = containerViewState({ range: DEFAULT_RANGE, live: true, refresh: "10s", tab: "logs", q: "err" });
    expect(hrefOf({ view: "container", ref: "cart", state })).toBe(
      "/containers/cart?tab=logs&q=err&live=1&refresh=10s",
    );
    expect(shareHref({ view: "container", ref: "cart", state }, NOW)).toBe(
      "/containers/cart?from=1772362800000&to=1772366400000&tab=logs&q=err",
    );
    expect(shareHref({ view: "container", ref: "cart", state }, NOW, "https://sightline.example/")).toBe(
      "https://sightline.example/containers/cart?from=1772362800000&to=1772366400000&tab=logs&q=err",
    );
  });
  it("pins every view, rounding the end up", () => {
    const range = { from: { ...relativeTime(-86_400_000, "d") }, to: relativeTime(-86_400_000, "d") };
    expect(shareHref({ view: "inventory", state: inventoryViewState({ range, refresh: "1m" }) }, NOW)).toBe(
      `/?from=${Date.parse("2026-02-28T00:00:00Z")}&to=${Date.parse("2026-02-28T23:59:59.999Z")}`,
    );
    expect(shareHref({ view: "trace", traceId: TRACE, state: { embed: false } }, NOW)).toBe(`/traces/${TRACE}`);
    expect(shareHref({ view: "trace", traceId: TRACE, state: { embed: false, range: DEFAULT_RANGE } }, NOW)).toBe(
      `/traces/${TRACE}?from=1772362800000&to=1772366400000`,
    );
    expect(shareHref({ view: "embed", ref: "cart", state: embedViewState({ tab: "metrics" }) }, NOW)).toBe(
      "/embed/containers/cart?from=1772362800000&to=1772366400000&tab=metrics",
    );
  });
});

describe("links out", () => {
  const decodePanes = (href: string): ExplorePanes => {
    const u = new URL(href);
    expect(u.pathname).toBe("/grafana/explore");
    expect(u.searchParams.get("schemaVersion")).toBe("1");
    expect(u.searchParams.get("orgId")).toBe("1");
    return JSON.parse(u.searchParams.get("panes") ?? "null") as ExplorePanes;
  };
  it("builds Grafana Explore's panes URL that decodes to the expected JSON", () => {
    const expr = 'sum(rate(container_cpu_usage_seconds_total{name="cart-1"}[5m]))';
    const href = grafanaExploreHref({
      grafanaUrl: "https://g.example/grafana/",
      datasourceUid: "prom-uid",
      expr,
      range: { from: millis(1772362800000), to: millis(1772366400000) },
      kind: "prometheus",
    });
    expect(href).toMatch(/^https:\/\/g\.example\/grafana\/explore\?schemaVersion=1&panes=%7B.*&orgId=1$/);
    expect(decodePanes(href)).toEqual({
      a: {
        datasource: "prom-uid",
        queries: [{ refId: "A", expr, editorMode: "code", datasource: { type: "prometheus", uid: "prom-uid" } }],
        range: { from: "1772362800000", to: "1772366400000" },
      },
    });
  });
  it("keeps relative ranges relative and survives hostile LogQL", () => {
    const expr = '{container="cart"} |= "a&b=c#\\"\n<script>" | json';
    const href = grafanaExploreHref({
      grafanaUrl: "https://g.example/grafana",
      datasourceUid: "loki&uid",
      expr,
      range: { from: relativeTime(-3_600_000), to: relativeTime(0) },
      kind: "loki",
      orgId: 1,
    });
    expect(href).not.toMatch(/[\s"<>#]/);
    const pane = decodePanes(href).a!;
    expect(pane.queries[0]).toEqual({
      refId: "A",
      expr,
      editorMode: "code",
      datasource: { type: "loki", uid: "loki&uid" },
    });
    expect(pane.range).toEqual({ from: "now-1h", to: "now" });
  });
  it("links to the Jaeger UI trace page, highlighting the span", () => {
    expect(jaegerTraceHref("http://jaeger:16686/", "A38C99F600DB6813", "E0C15EBB24A7F0F8")).toBe(
      "http://jaeger:16686/trace/0000000000000000a38c99f600db6813?uiFind=e0c15ebb24a7f0f8",
    );
    expect(jaegerTraceHref("https://j.example/jaeger", TRACE)).toBe(`https://j.example/jaeger/trace/${TRACE}`);
    expect(jaegerTraceHref("https://j.example", "x/y", "a b")).toBe("https://j.example/trace/x%2Fy?uiFind=a%20b");
  });
});
