import { describe, expect, it } from "vitest";
import { demoArgs, demoBundlePath, parseDemoLine } from "./demo-process";

describe("demo process", () => {
  it("finds the bundle under the working directory unless SIGHTLINE_DEMO_MOCKS says", () => {
    expect(demoBundlePath({}, "/srv/app")).toBe("/srv/app/.demo/mock-servers.mjs");
    expect(demoBundlePath({ SIGHTLINE_DEMO_MOCKS: "/opt/m.mjs" }, "/srv/app")).toBe("/opt/m.mjs");
  });
  it("turns the demo variables into the mock CLI's arguments, ignoring bad values", () => {
    expect(demoArgs({})).toEqual(["--seed", "42", "--loki-labels", "alloy"]);
    expect(
      demoArgs({ SIGHTLINE_DEMO_SEED: "7", SIGHTLINE_DEMO_LOKI_LABELS: "custom", SIGHTLINE_DEMO_CONTROL_PORT: "3319" }),
    ).toEqual(["--seed", "7", "--loki-labels", "custom", "--control-port", "3319"]);
    expect(
      demoArgs({ SIGHTLINE_DEMO_SEED: "x", SIGHTLINE_DEMO_LOKI_LABELS: "evil; rm", SIGHTLINE_DEMO_CONTROL_PORT: "-1" }),
    ).toEqual(["--seed", "42", "--loki-labels", "alloy"]);
  });
  it("reads the mocks' JSON line and names a server that did not start", () => {
    const line = JSON.stringify({
      urls: {
        prometheus: "http://127.0.0.1:1",
        loki: "http://127.0.0.1:2",
        jaeger: "http://127.0.0.1:3",
        engine: "http://127.0.0.1:4",
      },
      control: "http://127.0.0.1:5",
    });
    expect(parseDemoLine(line)).toEqual({
      prometheus: "http://127.0.0.1:1",
      loki: "http://127.0.0.1:2",
      jaeger: "http://127.0.0.1:3",
      engine: "http://127.0.0.1:4",
      control: "http://127.0.0.1:5",
    });
    expect(() => parseDemoLine(JSON.stringify({ urls: { prometheus: "x" } }))).toThrow(
      /loki mock server did not start/,
    );
  });
});
