import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { redact, redactUserinfo, setSecrets } from "./redact";

afterEach(() => setSecrets([]));

describe("redactUserinfo", () => {
  it("masks user:password@ in any URL of a text, keeps the host", () => {
    expect(redactUserinfo("cannot reach https://alice:s3cr3t@loki.example:3100/x: refused")).toBe(
      "cannot reach https://[redacted]@loki.example:3100/x: refused",
    );
    expect(redactUserinfo("ws://tok@h/ and http://h2/p?u=a@b and http://x:y@z")).toBe(
      "ws://[redacted]@h/ and http://h2/p?u=a@b and http://[redacted]@z",
    );
    expect(redactUserinfo("no url here, just a@b")).toBe("no url here, just a@b");
  });

  it("runs in one pass on adversarial text", () => {
    // Each :// rescans at most up to the next delimiter; this finishes at once.
    const out = redactUserinfo(`${"a://".repeat(100_000)}${"x".repeat(100_000)}@`);
    expect(out.endsWith("[redacted]@")).toBe(true);
  });
});

describe("redact", () => {
  it("masks every registered secret and its URL-encoded form, wherever it appears", () => {
    const secret = "pa ss/w0rd";
    setSecrets([secret, "tok-123456", undefined, "abc"]);
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom(secret, encodeURIComponent(secret), "tok-123456"),
        (a, b, s) => {
          const out = redact(`${a}${s}${b}`);
          expect(out).not.toContain(s);
        },
      ),
      { numRuns: 300 },
    );
    expect(redact("short abc stays")).toBe("short abc stays");
  });
});
