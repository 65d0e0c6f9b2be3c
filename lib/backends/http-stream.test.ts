// Streamed-and-decoded answers (HttpRequest.decode) are read with node:http: every chunk to the
// sink, inflated when the backend compresses, capped, and errors read as text.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendError } from "../model/errors";
import { type DecodeSpec, request, type Transport } from "./http";

const BODY = JSON.stringify({ spans: Array.from({ length: 5000 }, (_, i) => ({ i, name: `span ${i}` })) });

let server: http.Server;
let base = "";
const seenHeaders: http.IncomingHttpHeaders[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHeaders.push(req.headers);
    const enc = new URL(req.url ?? "/", "http://x").searchParams.get("enc");
    if (req.url?.startsWith("/truncated")) {
      // Promises more than it sends, then hangs up (a proxy cut off mid-answer).
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": 100_000 });
      res.write(BODY.slice(0, 1000), () => res.socket?.destroy());
      return;
    }
    if (req.url?.startsWith("/missing")) {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end('{"error":{"message":"No traces found"}}');
      return;
    }
    if (enc === "gzip") {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      res.end(zlib.gzipSync(BODY));
      return;
    }
    if (enc === "br") {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "br" });
      res.end(zlib.brotliCompressSync(BODY));
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const transport = (maxBytes = 1 << 20): Transport => ({ backend: "jaeger", baseUrl: base, timeoutMs: 2000, maxBytes });

/** A sink that joins the chunks and remembers the size hint it was given. */
function joining() {
  const hints: (number | undefined)[] = [];
  const spec: DecodeSpec<unknown> = {
    key: "join",
    sink: (bytes) => {
      hints.push(bytes);
      const parts: Buffer[] = [];
      return { push: (c) => parts.push(Buffer.from(c)), end: () => Buffer.concat(parts).toString("utf8") };
    },
  };
  return { spec, hints };
}

describe("streamed backend answers", () => {
  it("hand every byte to the sink, with the Content-Length as its size hint", async () => {
    const { spec, hints } = joining();
    const res = await request(transport(), { path: "/trace", decode: spec });
    expect(res.status).toBe(200);
    expect(res.value).toBe(BODY);
    expect(hints).toEqual([Buffer.byteLength(BODY)]);
  });

  it.each(["gzip", "br"])(
    "inflate a %s answer (and give no size hint: the length is the compressed one)",
    async (enc) => {
      const { spec, hints } = joining();
      const res = await request(transport(), { path: `/trace?enc=${enc}`, decode: spec });
      expect(res.value).toBe(BODY);
      expect(hints).toEqual([undefined]);
      expect(seenHeaders.at(-1)?.["accept-encoding"]).toContain(enc);
    },
  );

  it("cap the inflated size: a small compressed body cannot expand past maxBytes", async () => {
    const { spec } = joining();
    const err = await request(transport(10_000), { path: "/trace?enc=gzip", decode: spec }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("too-large");
  });

  it("read a non-2xx answer as text for the error message, without the sink", async () => {
    const { spec, hints } = joining();
    const res = await request(transport(), { path: "/missing", decode: spec });
    expect(res.status).toBe(404);
    expect(res.text).toContain("No traces found");
    expect(res.value).toBeUndefined();
    expect(hints).toEqual([]);
  });

  it("fail, naming the backend, when the answer is cut off before its Content-Length", async () => {
    const { spec } = joining();
    const err = await request(transport(), { path: "/truncated", decode: spec }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).backend).toBe("jaeger");
    expect((err as BackendError).message).toContain("connection reset");
  });

  it("name the backend when it cannot be reached", async () => {
    const { spec } = joining();
    const t: Transport = { backend: "jaeger", baseUrl: "http://127.0.0.1:1", timeoutMs: 2000, maxBytes: 1024 };
    const err = await request(t, { path: "/trace", decode: spec }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toContain("connection refused");
  });
});
