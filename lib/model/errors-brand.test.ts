import { describe, expect, it, vi } from "vitest";
import { GoneError } from "../backends/kubernetes/errors";
import { BackendError } from "./errors";

describe("BackendError across bundled copies of its module", () => {
  it("is recognised when another copy of the class made it", async () => {
    // A second evaluation of the module: what Next does when two chunks each bundle it.
    vi.resetModules();
    const other = await import("./errors");
    expect(other.BackendError).not.toBe(BackendError);
    const e = new other.BackendError("loki", "http", "HTTP 500", { status: 500 });
    expect(e instanceof BackendError).toBe(true);
    expect(new BackendError("loki", "http", "x") instanceof other.BackendError).toBe(true);
  });

  it("is not claimed for other errors or look-alikes", () => {
    expect(new Error("loki: x") instanceof BackendError).toBe(false);
    expect({ name: "BackendError", backend: "loki", kind: "http" } instanceof BackendError).toBe(false);
    expect((null as unknown as object) instanceof BackendError).toBe(false);
  });

  it("leaves subclasses their own check", () => {
    const gone = new GoneError("gone");
    expect(gone instanceof BackendError).toBe(true);
    expect(gone instanceof GoneError).toBe(true);
    expect(new BackendError("engine", "http", "x") instanceof GoneError).toBe(false);
  });
});
