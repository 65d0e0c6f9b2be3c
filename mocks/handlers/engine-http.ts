// Response helpers with each engine's header quirks (fixtures/podman-4.3/*.meta.json):
// Podman stamps Api-Version, Libpod-Api-Version, Server and X-Reference-Id on every answer
// and sends stats without a Content-Type; Docker 20.10 (Debian bookworm) stamps its own set.
export type EngineFlavor = "podman" | "docker";

export const PODMAN_VERSION = "4.3.1";
export const DOCKER_VERSION = "20.10.24+dfsg1";
export const API_VERSION = "1.41";

let refCounter = 0x5dc000;

export function baseHeaders(flavor: EngineFlavor): [string, string][] {
  if (flavor === "docker")
    return [
      ["Api-Version", API_VERSION],
      ["Docker-Experimental", "false"],
      ["Ostype", "linux"],
      ["Server", `Docker/${DOCKER_VERSION} (linux)`],
    ];
  refCounter = (refCounter + 0x2c8) % 0xfffffff;
  return [
    ["Api-Version", API_VERSION],
    ["Libpod-Api-Version", PODMAN_VERSION],
    ["Server", `Libpod/${PODMAN_VERSION} (linux)`],
    ["X-Reference-Id", `0xc000${refCounter.toString(16).padStart(6, "0")}`],
  ];
}

export function pingHeaders(flavor: EngineFlavor): [string, string][] {
  if (flavor === "docker")
    return [
      ...baseHeaders(flavor),
      ["Builder-Version", "2"],
      ["Cache-Control", "no-cache, no-store, must-revalidate"],
      ["Pragma", "no-cache"],
    ];
  const [api, libpod, server, ref] = baseHeaders(flavor);
  return [
    api as [string, string],
    ["Builder-Version", ""],
    ["Buildkit-Version", ""],
    ["Cache-Control", "no-cache"],
    ["Docker-Experimental", "true"],
    libpod as [string, string],
    ["Libpod-Buildah-Version", "1.28.2"],
    ["Pragma", "no-cache"],
    server as [string, string],
    ref as [string, string],
  ];
}

function headers(list: [string, string][], contentType?: string): Headers {
  const h = new Headers();
  for (const [k, v] of list) h.append(k, v);
  if (contentType) h.set("Content-Type", contentType);
  return h;
}

export function json(flavor: EngineFlavor, body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: headers(baseHeaders(flavor), "application/json") });
}

/** A JSON body with no Content-Type header at all (Podman's stats endpoints). */
export function untypedJson(flavor: EngineFlavor, body: unknown): Response {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const h = headers(baseHeaders(flavor));
  return new Response(bytes, { status: 200, headers: h });
}

export function text(flavor: EngineFlavor, body: string, status = 200, list = baseHeaders(flavor)): Response {
  return new Response(body, { status, headers: headers(list, "text/plain; charset=utf-8") });
}

/**
 * Marks a response whose body must be piped live (held-open /events) by the mock servers'
 * node bridge, which strips it; everything else is buffered and sent with a Content-Length.
 */
export const STREAM_HEADER = "x-mock-stream";

export function stream(
  flavor: EngineFlavor,
  body: ReadableStream<Uint8Array<ArrayBuffer>> | Uint8Array<ArrayBuffer>,
  contentType?: string,
): Response {
  const h = headers(baseHeaders(flavor), contentType);
  if (body instanceof ReadableStream) h.set(STREAM_HEADER, "1");
  return new Response(body, { status: 200, headers: h });
}

export function noSuchContainer(flavor: EngineFlavor, ref: string): Response {
  if (flavor === "docker") return json(flavor, { message: `No such container: ${ref}` }, 404);
  return json(
    flavor,
    {
      cause: "no such container",
      message: `no container with name or ID "${ref}" found: no such container`,
      response: 404,
    },
    404,
  );
}

export function badRequest(flavor: EngineFlavor, message: string): Response {
  if (flavor === "docker") return json(flavor, { message }, 400);
  return json(flavor, { cause: "bad parameter", message, response: 400 }, 400);
}

export function pageNotFound(flavor: EngineFlavor): Response {
  if (flavor === "docker") return json(flavor, { message: "page not found" }, 404);
  return text(flavor, "404 page not found\n", 404);
}
