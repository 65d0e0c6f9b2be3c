// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The image runs .next/standalone/server.js: a minimal server with only the traced
  // production dependencies (scripts/build.mjs completes it with static files and .demo/).
  output: "standalone",
  // Server-only packages with Node internals (the Loki tail socket; the metrics registry).
  serverExternalPackages: ["ws", "prom-client"],
  // The CSS (~12 kB) rides in the HTML: a cold link paints the server-rendered rows (trace
  // page) as soon as they are parsed, instead of after a render-blocking stylesheet request
  // that the scripts' downloads and execution then overtake (#15, 3-10k-row).
  experimental: { inlineCss: true },
  // CSP frame-ancestors is set per request in proxy.ts from runtime config; no X-Frame-Options.
};

module.exports = nextConfig;
