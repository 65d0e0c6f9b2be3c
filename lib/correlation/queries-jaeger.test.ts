import { describe, expect, it } from "vitest";
import { fixtureContainer } from "./fixtures.test-helper";
import { jaegerSearch } from "./queries-jaeger";

const PAYMENTS = fixtureContainer("shop-payments-1");

describe("jaegerSearch", () => {
  it("attribute filter plus the detected service", () => {
    expect(jaegerSearch({ attribute: "host.name", key: "shortId", service: "pay" }, PAYMENTS)).toEqual({
      kind: "search",
      service: "pay",
      attributes: { "host.name": "30d8c784ea3f" },
    });
  });
  it("without a detected service, falls back to the compose service, then the name", () => {
    expect(jaegerSearch({ attribute: "container.name", key: "name" }, PAYMENTS)).toMatchObject({ service: "payments" });
    expect(jaegerSearch({ attribute: "container.name", key: "name" }, { name: "solo" })).toMatchObject({
      service: "solo",
    });
  });
  it("service.name mapping searches by service without an attribute filter", () => {
    expect(jaegerSearch({ attribute: "service.name", key: "composeService" }, PAYMENTS)).toEqual({
      kind: "search",
      service: "payments",
      attributes: {},
    });
  });
  it("a missing key → reason", () => {
    expect(jaegerSearch({ attribute: "container.id", key: "id" }, { name: "solo" })).toMatchObject({ kind: "reason" });
  });
});
