import { describe, expect, it } from "vitest";
import { decodeUtf8, encodeUtf8 } from "./utf8";

const split = (b: Uint8Array, at: number[]) => {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const x of [...at, b.length]) {
    out.push(b.slice(from, x));
    from = x;
  }
  return out;
};

const TEXTS = [
  "",
  JSON.stringify({ line: `${"a".repeat(70_000)} \\u00e9 "quoted" \t end` }),
  `{"line":"é ü 日本 😀 ${"x".repeat(100)} ÿ \u0141"}`,
  "lone \ud800 surrogate",
];

describe("utf8", () => {
  it("encodes exactly as TextEncoder, ASCII or not", () => {
    for (const t of TEXTS) {
      const b = encodeUtf8(t);
      expect(Buffer.from(b).equals(Buffer.from(new TextEncoder().encode(t)))).toBe(true);
      expect(Buffer.isBuffer(b)).toBe(true);
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength).toBe(b.byteLength);
    }
  });

  it("decodes exactly as TextDecoder, also with a character split across chunks", () => {
    for (const t of TEXTS) {
      const b = new TextEncoder().encode(t);
      const want = new TextDecoder().decode(b);
      expect(decodeUtf8([b])).toBe(want);
      expect(decodeUtf8([Buffer.from(b)])).toBe(want);
      for (let at = 1; at < Math.min(b.length, 40); at += 3) expect(decodeUtf8(split(b, [at]))).toBe(want);
    }
    const emoji = new TextEncoder().encode("a😀b");
    expect(decodeUtf8(split(emoji, [2, 3]))).toBe("a😀b");
  });

  it("turns bytes that are not UTF-8 into U+FFFD, as before", () => {
    expect(decodeUtf8([Buffer.from([0x7b, 0xe9, 0x7d])])).toBe("{\ufffd}");
    // A character cut off at the very end, after ASCII chunks.
    const cut = new TextEncoder().encode("ab😀").slice(0, 4);
    expect(decodeUtf8([cut.slice(0, 2), cut.slice(2)])).toBe(new TextDecoder().decode(cut));
  });

  it("decodes ASCII chunks after a non-ASCII one through the same decoder", () => {
    const e = new TextEncoder();
    const b = e.encode("é");
    expect(decodeUtf8([e.encode("ab"), b.slice(0, 1), b.slice(1), e.encode("cd")])).toBe("abécd");
  });
});
