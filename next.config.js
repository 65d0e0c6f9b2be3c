// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with Node internals (mock servers in demo mode, the Loki tail socket).
  serverExternalPackages: ["msw", "ws", "@mswjs/interceptors"],
  // CSP frame-ancestors is set per request in proxy.ts from runtime config; no X-Frame-Options.
};

module.exports = nextConfig;
