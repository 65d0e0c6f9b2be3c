// UTF-8 text ⇄ bytes for big bodies (backend answers, the logs API's JSON). Most of them are pure
// ASCII — JSON from Prometheus, Loki and Jaeger, and our own JSON of ordinary log lines — and for
// ASCII, UTF-8 and Latin-1 are the same bytes: Latin-1 is a plain copy, where V8's UTF-8 encoder and
// decoder look at every character (a 2.7 MB Loki page with ten 256 KB lines: ~10 ms to decode as
// UTF-8, ~0.2 ms as Latin-1, on the bench machine). Anything else goes through UTF-8 as before.
import { isAscii } from "node:buffer";

/** Chunks of a body as text, decoded as UTF-8 (invalid sequences become U+FFFD). */
export function decodeUtf8(chunks: readonly Uint8Array[], total?: number): string {
  const first = chunks[0];
  const buf = chunks.length === 1 && first && Buffer.isBuffer(first) ? first : Buffer.concat(chunks, total);
  return isAscii(buf) ? buf.toString("latin1") : buf.toString("utf8");
}

/** Text as UTF-8 bytes (a lone surrogate becomes U+FFFD, as with TextEncoder), in their own ArrayBuffer. */
export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  // One UTF-8 byte per character exactly when every character is ASCII.
  if (Buffer.byteLength(text, "utf8") !== text.length) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  Buffer.from(out.buffer).write(text, "latin1");
  return out;
}
