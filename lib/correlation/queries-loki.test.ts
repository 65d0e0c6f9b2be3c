import { describe, expect, it } from "vitest";
import { fixtureContainer, podmanContainers } from "./fixtures.test-helper";
import { decodedStrings, parseQuery } from "./grammar.test-helper";
import type { LokiMapping } from "./mapping";
import {
  logQuery,
  logVolumeQuery,
  lokiSelector,
  containerStreamSelector,
  traceIdNeedle,
  traceLogsQuery,
  traceLogsQueryForContainers,
} from "./queries-loki";

const PAYMENTS = fixtureContainer("shop-payments-1");
const BY_NAME: LokiMapping = { label: "container", key: "name" };
const TRACE = "2c4d87704d15565aa38c99f600db6813";

function query(r: { kind: string; query?: string; message?: string }): string {
  if (r.kind !== "query" || r.query === undefined) throw new Error(r.message ?? "not a query");
  expect(parseQuery("logql", r.query).errors, r.query).toEqual([]);
  return r.query;
}

describe("lokiSelector", () => {
  it("container label", () => {
    expect(query(lokiSelector(BY_NAME, PAYMENTS))).toBe('{container="shop-payments-1"}');
  });
  it("leading slash kept when the mapping says so", () => {
    expect(query(lokiSelector({ label: "container_name", key: "name", slash: true }, PAYMENTS))).toBe(
      '{container_name="/shop-payments-1"}',
    );
  });
  it("compose service narrowed by project", () => {
    const m: LokiMapping = {
      label: "compose_service",
      key: "composeService",
      also: [{ label: "compose_project", key: "composeProject" }],
    };
    expect(query(lokiSelector(m, PAYMENTS))).toBe('{compose_service="payments",compose_project="shop"}');
  });
  it("a container without the key → reason", () => {
    expect(lokiSelector({ label: "compose_service", key: "composeService" }, { name: "solo" })).toMatchObject({
      kind: "reason",
    });
  });
  it("a lone surrogate in a name → reason, not an exception", () => {
    expect(lokiSelector(BY_NAME, { name: "bad\uD800" })).toMatchObject({ kind: "reason" });
  });
});

describe("logQuery and logVolumeQuery", () => {
  it("adds a substring or regex line filter", () => {
    expect(query(logQuery(BY_NAME, PAYMENTS, { text: 'status="502"', mode: "substring" }))).toBe(
      '{container="shop-payments-1"} |= "status=\\"502\\""',
    );
    expect(query(logQuery(BY_NAME, PAYMENTS, { text: "(?i)error|fail", mode: "regex" }))).toBe(
      '{container="shop-payments-1"} |~ "(?i)error|fail"',
    );
    expect(query(logQuery(BY_NAME, PAYMENTS, { text: "", mode: "regex" }))).toBe('{container="shop-payments-1"}');
  });
  it("a broken regex becomes a reason with the error", () => {
    const r = logQuery(BY_NAME, PAYMENTS, { text: "[a-", mode: "regex" });
    expect(r).toMatchObject({ kind: "reason", message: expect.stringMatching(/^Invalid regular expression/) });
  });
  it("volume: sum(count_over_time(<sel> <filter> [<step>s]))", () => {
    expect(query(logVolumeQuery(BY_NAME, PAYMENTS, 15, { text: "ERROR", mode: "substring" }))).toBe(
      'sum(count_over_time({container="shop-payments-1"} |= "ERROR" [15s]))',
    );
    expect(query(logVolumeQuery(BY_NAME, PAYMENTS, 60))).toBe(
      'sum(count_over_time({container="shop-payments-1"} [60s]))',
    );
    expect(logVolumeQuery(BY_NAME, PAYMENTS, 0)).toMatchObject({ kind: "reason" });
  });
});

describe("trace-ID queries", () => {
  it("needle: 32 hex, or the 16-char form when the high half is zero (Jaeger v1)", () => {
    expect(traceIdNeedle(TRACE.toUpperCase())).toBe(TRACE);
    expect(traceIdNeedle("00f067aa0ba902b7")).toBe("00f067aa0ba902b7");
    expect(traceIdNeedle(`0000000000000000${"a".repeat(16)}`)).toBe("a".repeat(16));
    expect(traceIdNeedle("not-hex")).toBeUndefined();
  });
  it("one container: line filter (the fixture's query shape) or structured metadata", () => {
    expect(query(traceLogsQuery(BY_NAME, PAYMENTS, TRACE))).toBe(`{container="shop-payments-1"} |= "${TRACE}"`);
    expect(query(traceLogsQuery(BY_NAME, PAYMENTS, TRACE, "metadata"))).toBe(
      `{container="shop-payments-1"} | trace_id="${TRACE}"`,
    );
    expect(traceLogsQuery(BY_NAME, PAYMENTS, "xyz")).toMatchObject({ kind: "reason" });
  });
  it("every container of the fixture in one query, values regex-escaped", () => {
    const q = query(traceLogsQueryForContainers(BY_NAME, podmanContainers(), TRACE));
    expect(q).toBe(`{container=~"shop-cart-1|shop-frontend-1|shop-payments-1|web1"} |= "${TRACE}"`);
    const dotted = query(traceLogsQueryForContainers(BY_NAME, [{ name: "a.b" }, { name: "c" }], TRACE));
    const [re] = decodedStrings("logql", dotted);
    expect(new RegExp(`^(?:${re})$`).test("axb")).toBe(false);
    expect(query(traceLogsQueryForContainers(BY_NAME, [PAYMENTS], TRACE))).toBe(
      `{container="shop-payments-1"} |= "${TRACE}"`,
    );
    expect(traceLogsQueryForContainers({ label: "pod", key: "pod" }, [PAYMENTS], TRACE)).toMatchObject({
      kind: "reason",
    });
  });
});

describe("containerStreamSelector", () => {
  it("the container's own matchers first, the line's other stream labels only narrow them", () => {
    expect(query(containerStreamSelector(BY_NAME, PAYMENTS, { job: "podman", container: "shop-payments-1" }))).toBe(
      '{container="shop-payments-1",job="podman"}',
    );
    expect(query(containerStreamSelector(BY_NAME, PAYMENTS, {}))).toBe('{container="shop-payments-1"}');
  });
  it("a client cannot widen the selector to another container or host", () => {
    // Before: the client's labels were the whole selector, so this read another container's stream.
    expect(containerStreamSelector(BY_NAME, PAYMENTS, { container: "shop-cart-1" })).toMatchObject({
      kind: "reason",
    });
    const wide = containerStreamSelector(BY_NAME, PAYMENTS, { host: "db-7" });
    expect(query(wide)).toBe('{container="shop-payments-1",host="db-7"}');
    // Regex or odd label names cannot be smuggled in: labels are names, values are quoted equality.
    expect(containerStreamSelector(BY_NAME, PAYMENTS, { 'x=~".+",y': "1" })).toMatchObject({ kind: "reason" });
    expect(query(containerStreamSelector(BY_NAME, PAYMENTS, { job: '.+"} or {x="' }))).toBe(
      '{container="shop-payments-1",job=".+\\"} or {x=\\""}',
    );
  });
});
