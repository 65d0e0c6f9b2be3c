// UTF-8 text ⇄ bytes for big bodies (backend answers, the logs API's JSON). Most of them are pure
// ASCII — JSON from Prometheus, Loki and Jaeger, and our own JSON of ordinary log lines — and for
// ASCII, UTF-8 and Latin-1 are the same bytes: Latin-1 is a plain copy, where V8's UTF-8 encoder and
// decoder look at every character (a 2.7 MB Loki page with ten 256 KB lines: ~10 ms to decode as
// UTF-8, ~0.2 ms as Latin-1, on the bench machine). Anything else goes through UTF-8 as before.
import { isAscii } from "node:buffer";

/**
 * A body's text, decoded chunk by chunk as it arrives: the work is spread over the chunks' own
 * turns of the event loop, and the bytes are not joined into one more copy of the body first.
 */
export class Utf8Text {
  private readonly parts: string[] = [];
  /** From the first non-ASCII chunk on (it may end inside a character the next one completes). */
  private decoder: TextDecoder | undefined;

  push(chunk: Uint8Array): void {
    if (!this.decoder && isAscii(chunk)) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.parts.push(b.toString("latin1"));
      return;
    }
    this.decoder ??= new TextDecoder();
    this.parts.push(this.decoder.decode(chunk, { stream: true }));
  }

  /** The whole text (invalid sequences, and a character cut off at the end, become U+FFFD). */
  text(): string {
    if (this.decoder) this.parts.push(this.decoder.decode());
    const s = this.parts.length === 1 ? (this.parts[0] ?? "") : this.parts.join("");
    this.parts.length = 0;
    this.decoder = undefined;
    return s;
  }
}

/** Chunks of a body as text, decoded as UTF-8 (invalid sequences become U+FFFD). */
export function decodeUtf8(chunks: readonly Uint8Array[]): string {
  const t = new Utf8Text();
  for (const c of chunks) t.push(c);
  return t.text();
}

/**
 * Text as UTF-8 bytes (a lone surrogate becomes U+FFFD, as with TextEncoder), in their own
 * ArrayBuffer. A Buffer: Node's stream code (Next's compression middleware among it) copies any
 * other Uint8Array into one before using it, a 600 KB logs answer 6 ms each time it is sent.
 */
export function encodeUtf8(text: string): Buffer<ArrayBuffer> {
  // One UTF-8 byte per character exactly when every character is ASCII.
  if (Buffer.byteLength(text, "utf8") !== text.length) {
    const b = new TextEncoder().encode(text);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  const out = Buffer.from(new ArrayBuffer(text.length));
  out.write(text, "latin1");
  return out;
}
