// The compression middleware Next.js's own server runs in front of every response
// (next/dist/server/lib/router-server.js); the logs fast path (logs-early.ts) runs the same one.
declare module "next/dist/compiled/compression" {
  import type http from "node:http";
  type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
  export default function compression(opts?: { threshold?: number | string }): Middleware;
}
