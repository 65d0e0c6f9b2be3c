// The production server's V8 flags (scripts/lib.mjs SERVER_NODE_FLAGS: a larger young
// generation, #13 7-load-health-p99) are given wherever the server starts: `npm start` and the
// demo (scripts/lib.mjs), the image's CMD, the e2e web server, the bench's servers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS as benchFlags } from "../scripts/bench/server";

const root = path.resolve(__dirname, "..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");

describe("the server's V8 flags", () => {
  it("are the same everywhere the server starts", async () => {
    // @ts-expect-error: a plain .mjs module without types
    const { SERVER_NODE_FLAGS } = (await import("../scripts/lib.mjs")) as { SERVER_NODE_FLAGS: string[] };
    expect(SERVER_NODE_FLAGS).toContain("--max-semi-space-size=64");
    expect(benchFlags).toEqual(SERVER_NODE_FLAGS);
    const flags = SERVER_NODE_FLAGS.join(" ");
    expect(read("Dockerfile")).toMatch(new RegExp(`^CMD .*exec node ${flags} server\\.js`, "m"));
    expect(read("playwright.config.ts")).toContain(`node ${flags} .next/standalone/server.js`);
    expect(read("scripts/start.mjs")).toMatch(
      /spawn\(process\.execPath, \[\.\.\.SERVER_NODE_FLAGS, STANDALONE_SERVER\]/,
    );
    expect(read("scripts/lib.mjs")).toMatch(/spawn\(process\.execPath, \[\.\.\.SERVER_NODE_FLAGS, STANDALONE_SERVER\]/);
    expect(read("README.md")).toContain(flags);
  });

  it("are flags this Node accepts", async () => {
    const { execFileSync } = await import("node:child_process");
    expect(execFileSync(process.execPath, [...benchFlags, "-e", "process.stdout.write('ok')"]).toString()).toBe("ok");
  });
});
