import { describe, expect, it } from "vitest";
import { bindAddress, isLoopback } from "./startup";

describe("bindAddress", () => {
  it("HOST first, then the standalone server's HOSTNAME, then next start's -H", () => {
    expect(bindAddress({ HOST: "10.0.0.5", HOSTNAME: "127.0.0.1" }, ["node", "server.js"])).toBe("10.0.0.5");
    expect(bindAddress({ HOSTNAME: "127.0.0.1" }, ["node", "/app/.next/standalone/server.js"])).toBe("127.0.0.1");
    expect(bindAddress({}, ["node", "/app/server.js"])).toBe("0.0.0.0");
    expect(bindAddress({ HOSTNAME: "box" }, ["node", "next", "start", "-H", "127.0.0.1"])).toBe("127.0.0.1");
    expect(bindAddress({}, ["node", "next", "start"])).toBe("0.0.0.0");
  });
  it("knows loopback", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
  });
});
