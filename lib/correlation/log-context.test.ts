import { describe, expect, it } from "vitest";
import { asNanosString } from "../model/time";
import { parseQuery } from "./grammar.test-helper";
import { logLineContext } from "./log-context";

const SCOPE = { mapping: { label: "container", key: "name" as const }, container: { name: "shop-payments-1" } };

const TS = asNanosString("1795300414000000003");
const STREAM = { compose_project: "shop", compose_service: "payments", container: "shop-payments-1", job: "podman" };

describe("logLineContext", () => {
  it("two queries on the exact stream around the line's nanosecond", () => {
    const r = logLineContext(SCOPE, { ts: TS, stream: STREAM }, { lines: 5, windowMs: 60_000 });
    if (r.kind !== "context") throw new Error(r.message);
    expect(r.selector).toBe(
      '{container="shop-payments-1",compose_project="shop",compose_service="payments",job="podman"}',
    );
    expect(parseQuery("logql", r.selector).errors).toEqual([]);
    expect(r.before).toMatchObject({
      startNs: "1795300354000000003",
      endNs: "1795300414000000004", // end is exclusive: +1 ns keeps the line itself
      limit: 6,
      direction: "backward",
    });
    expect(r.after).toMatchObject({
      startNs: "1795300414000000004",
      endNs: "1795300474000000003",
      limit: 5,
      direction: "forward",
    });
    expect(r.before.range.from).toBe(1795300354000);
    expect(r.before.range.to).toBe(1795300414001);
  });

  it("defaults to 20 lines and clamps at the epoch", () => {
    const r = logLineContext(
      { mapping: { label: "container", key: "name" }, container: { name: "x" } },
      { ts: asNanosString("5"), stream: { container: "x" } },
    );
    if (r.kind !== "context") throw new Error(r.message);
    expect(r.after.limit).toBe(20);
    expect(r.before.startNs).toBe("0");
  });

  it("a line without stream labels → the container's own stream selector", () => {
    const r = logLineContext(SCOPE, { ts: TS, stream: {} });
    expect(r).toMatchObject({ kind: "context", selector: '{container="shop-payments-1"}' });
  });

  it("a line of another container → reason, no query", () => {
    expect(logLineContext(SCOPE, { ts: TS, stream: { ...STREAM, container: "other" } })).toMatchObject({
      kind: "reason",
    });
  });
});
