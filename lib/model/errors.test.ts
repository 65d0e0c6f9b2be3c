import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { BackendError, MAX_ERROR_CHARS } from "./errors";
import { setSecrets } from "./redact";

afterEach(() => setSecrets([]));

describe("BackendError", () => {
  it("caps a megabyte error body to a readable message that says how much was cut", () => {
    const e = new BackendError("loki", "http", `tail: ${"x".repeat(1024 * 1024)}`);
    expect(e.message.length).toBeLessThan(MAX_ERROR_CHARS + 100);
    expect(e.message).toMatch(/more characters\)$/);
  });

  it("never carries a configured secret or URL userinfo, whatever the backend sent", () => {
    setSecrets(["s3cr3t-token"]);
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), fc.string({ maxLength: 5000 }), (a, b) => {
        const e = new BackendError("jaeger", "http", `${a}s3cr3t-token${b} http://u:pw12@h/`);
        expect(e.message).not.toContain("s3cr3t-token");
        expect(e.message).not.toContain("u:pw12@");
      }),
      { numRuns: 200 },
    );
  });
});
