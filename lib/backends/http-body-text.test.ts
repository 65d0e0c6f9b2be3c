import { describe, expect, it } from "vitest";
import { bodyText } from "./http";

const split = (b: Buffer, at: number[]) => {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const x of [...at, b.length]) {
    out.push(new Uint8Array(b.subarray(from, x)));
    from = x;
  }
  return out;
};

describe("bodyText", () => {
  it("decodes ASCII bodies to the same text as UTF-8 decoding", () => {
    const text = JSON.stringify({ line: `${"a".repeat(70_000)} \\u00e9 "quoted" \t end` });
    const b = Buffer.from(text, "utf8");
    expect(bodyText(split(b, [1, 65_536]))).toBe(text);
    expect(bodyText([b])).toBe(text);
  });

  it("decodes non-ASCII bodies as UTF-8, also when a character is split across chunks", () => {
    const text = `{"line":"é ü 日本 😀 ${"x".repeat(100)} ÿ"}`;
    const b = Buffer.from(text, "utf8");
    const inEmoji = b.indexOf(Buffer.from("😀")) + 2;
    expect(bodyText(split(b, [11, inEmoji]))).toBe(text);
    // Latin-1 bytes that are not valid UTF-8 decode as U+FFFD, exactly as before.
    expect(bodyText([Buffer.from([0x7b, 0xe9, 0x7d])])).toBe("{\ufffd}");
  });

  it("gives the empty string for no chunks", () => {
    expect(bodyText([])).toBe("");
  });
});
