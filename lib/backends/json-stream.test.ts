import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { split } from "./jaeger/otlp-gen.test-helper";
import { type JsonHandler, JsonStreamError, JsonStreamScanner, type JsonStreamOptions } from "./json-stream";

/** Rebuilds the value from the scanner's events (what JSON.parse would return). */
class TreeBuilder implements JsonHandler {
  private stack: (unknown[] | Record<string, unknown>)[] = [];
  private keys: (string | undefined)[] = [];
  result: unknown;
  private add(v: unknown) {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.result = v;
    else if (Array.isArray(top)) top.push(v);
    else
      Object.defineProperty(top, this.keys[this.keys.length - 1]!, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  openObject() {
    const o = {};
    this.add(o);
    this.stack.push(o);
    this.keys.push(undefined);
  }
  closeObject() {
    this.stack.pop();
    this.keys.pop();
  }
  openArray() {
    const a: unknown[] = [];
    this.add(a);
    this.stack.push(a);
    this.keys.push(undefined);
  }
  closeArray() {
    this.stack.pop();
    this.keys.pop();
  }
  key(k: string) {
    this.keys[this.keys.length - 1] = k;
  }
  string(s: string) {
    this.add(s);
  }
  number(n: number) {
    this.add(n);
  }
  bool(b: boolean) {
    this.add(b);
  }
  null() {
    this.add(null);
  }
}

function scan(chunks: Uint8Array[], opts?: JsonStreamOptions): { value: unknown; cut: number } {
  const b = new TreeBuilder();
  const s = new JsonStreamScanner(b, opts);
  for (const c of chunks) s.push(c);
  s.end();
  return { value: b.result, cut: s.truncatedStrings };
}

const bytes = (s: string) => new TextEncoder().encode(s);

/** Every way of cutting the body in two. */
function everySplit(text: string, check: (chunks: Uint8Array[]) => void) {
  const body = bytes(text);
  for (let i = 0; i <= body.length; i++) check([body.slice(0, i), body.slice(i)]);
}

describe("JsonStreamScanner", () => {
  it("agrees with JSON.parse at every chunk boundary: inside UTF-8 sequences, escapes and numbers", () => {
    const text = JSON.stringify({
      utf8: "é → 日本 🚀 x",
      escapes: 'a\\"b\n\t\u0001 \u00e9 \ud83d\ude80 /',
      numbers: [0, -12.5e-3, 12345678901234, 1.5e300, -0],
      literals: [true, false, null],
      nested: { a: [{ b: [] }, {}] },
    }).replace("/", "\\/");
    const want = JSON.parse(text);
    everySplit(text, (chunks) => expect(scan(chunks).value).toEqual(want));
  });

  it("one byte per chunk", () => {
    const text = '{"k":"\\u00e9\\ud83d\\ude80é🚀","n":-1.25E+2,"t":true,"z":null}';
    const body = bytes(text);
    const chunks = [...body].map((b) => new Uint8Array([b]));
    expect(scan(chunks).value).toEqual(JSON.parse(text));
  });

  it("agrees with JSON.parse on generated values cut anywhere (property)", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4, stringUnit: "binary" }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(0, 2),
        (value, cuts, indent) => {
          const text = JSON.stringify(value, null, indent);
          const body = bytes(text);
          const { value: got } = scan(
            split(
              body,
              cuts.map((c) => c % (body.length + 1)),
            ),
          );
          // -0 survives JSON.stringify as "0"; compare through JSON.parse of the same text.
          expect(got).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps lone surrogates from \\u escapes as JSON.parse does", () => {
    const text = '["\\ud800x","\\udc00"]';
    everySplit(text, (chunks) => expect(scan(chunks).value).toEqual(JSON.parse(text)));
  });

  it("cuts strings longer than the cap, at a character boundary, and counts them", () => {
    const long = "é".repeat(50);
    const text = JSON.stringify({ a: long, b: "x".repeat(100), c: "short" });
    everySplit(text, (chunks) => {
      const { value, cut } = scan(chunks, { maxStringChars: 21 });
      const v = value as Record<string, string>;
      expect(cut).toBe(2);
      expect(v.a).toBe(`${"é".repeat(10)}…`); // 21 bytes hold 10 two-byte characters
      expect(v.b).toBe(`${"x".repeat(21)}…`);
      expect(v.c).toBe("short");
    });
  });

  it("scans a 10 MB string without keeping it", () => {
    const body = bytes(`{"big":"${"a".repeat(10 * 1024 * 1024)}","after":1}`);
    const chunks = split(
      body,
      Array.from({ length: 160 }, (_, i) => i * 65536 + 7),
    );
    const { value, cut } = scan(chunks);
    expect(cut).toBe(1);
    expect((value as { big: string }).big.length).toBe(64 * 1024 + 1);
    expect((value as { after: number }).after).toBe(1);
  });

  const failsWith = (text: string, re: RegExp) => {
    everySplit(text, (chunks) => expect(() => scan(chunks)).toThrow(re));
  };

  it("rejects malformed and truncated input with the byte offset", () => {
    failsWith('{"a":1,}', /expected a member name, got "}" at byte 7/);
    failsWith('{"a" 1}', /expected ':'/);
    failsWith("[1 2]", /expected ',' or '\]'/);
    failsWith('{"a":tru}', /unexpected "}" \(expected true\)/);
    failsWith('{"a":01}', /expected ',' or '}'|malformed number/);
    failsWith('{"a":1.}', /malformed number/);
    failsWith('{"a":"x\\q"}', /bad escape \\q/);
    failsWith('{"a":"\\u12g4"}', /bad \\u escape/);
    failsWith('{"a":"line\nbreak"}', /control character inside a string/);
    failsWith("[1] 2", /after the end of the JSON value/);
    failsWith("<html><title>502</title></html>", /expected JSON, got HTML/);
  });

  it("says when the body ends too early", () => {
    const b = new TreeBuilder();
    for (const [text, re] of [
      ['{"a":[1,2', /ends inside 2 unclosed brackets/],
      ['{"a":"abc', /ends inside a string/],
      ['{"a":nu', /ends inside null/],
      ["", /empty body/],
      ["   ", /empty body/],
    ] as const) {
      const s = new JsonStreamScanner(b);
      s.push(bytes(text));
      expect(() => s.end()).toThrow(re);
    }
  });

  it("a number at the very end of the body is complete", () => {
    everySplit("12345", (chunks) => expect(scan(chunks).value).toBe(12345));
  });

  it("caps nesting", () => {
    const deep = `${"[".repeat(300)}${"]".repeat(300)}`;
    expect(() => scan([bytes(deep)])).toThrow(JsonStreamError);
    expect(() => scan([bytes(deep)])).toThrow(/nested deeper than 256 levels/);
    expect(scan([bytes(`${"[".repeat(200)}${"]".repeat(200)}`)]).value).toBeDefined();
  });
});
