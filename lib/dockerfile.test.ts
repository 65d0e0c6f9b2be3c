// No Docker engine runs here, so the image is not built in CI. These checks keep the
// Dockerfile honest about what the issue asks of it; the standalone server it runs is what
// the demo e2e project tests (playwright.config.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const text = readFileSync(path.join(root, "Dockerfile"), "utf8");
const lines = text.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
const stages = text.split(/^FROM /m).slice(1);
const final = stages[stages.length - 1] ?? "";

describe("Dockerfile", () => {
  it("is multi-stage and installs with npm ci from the lockfile", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/COPY package\.json package-lock\.json/);
    expect(text).toMatch(/RUN npm ci\b/);
    expect(text).not.toMatch(/npm install\b/);
  });
  it("runs the standalone server as a non-root user, with a health check and PORT", () => {
    expect(final).toMatch(/COPY --from=\w+ \/app\/\.next\/standalone/);
    expect(final).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(final).toMatch(/^HEALTHCHECK .*\/livez/ms);
    expect(final).toMatch(/PORT=3000/);
    expect(final).toMatch(/node (--\S+ )*server\.js/);
  });
  it("puts no dev dependencies or sources into the final stage", () => {
    expect(final).not.toMatch(/node_modules/);
    expect(final).not.toMatch(/npm (ci|install)/);
    expect(final).not.toMatch(/COPY \. /);
  });
  it("keeps the build context small", () => {
    const ignore = readFileSync(path.join(root, ".dockerignore"), "utf8");
    for (const p of ["node_modules", ".next", ".git"]) expect(ignore.split("\n")).toContain(p);
    expect(lines.length).toBeGreaterThan(5);
  });
});
