# syntax=docker/dockerfile:1
# Sightline's production image: Next.js standalone server, no dev dependencies, non-root.
#   docker build -t sightline .
#   docker run --rm -p 3000:3000 -e PROMETHEUS_URL=http://prometheus:9090 sightline
#   docker run --rm -p 3000:3000 -e SIGHTLINE_DEMO=1 sightline      # the demo world

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Dependencies, exactly as locked (dev dependencies too: the build needs them).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

# 2. Build: .next/standalone (server.js + traced production node_modules) and the demo bundle.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# 3. Runtime: only the standalone output; no npm, no sources, no dev dependencies.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
# Node's image ships user "node" (uid 1000); the app's files belong to root and are read-only to it.
COPY --from=build /app/.next/standalone ./
USER node
EXPOSE 3000
# /livez never touches the backends, so a backend outage does not restart the container.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# HOSTNAME is what server.js binds; HOST (Sightline's documented name) wins when given.
# --max-semi-space-size: the server's V8 flags (scripts/lib.mjs SERVER_NODE_FLAGS; README).
CMD ["sh", "-c", "HOSTNAME=\"${HOST:-0.0.0.0}\" exec node --max-semi-space-size=64 server.js"]
