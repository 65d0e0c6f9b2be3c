#!/usr/bin/env node
// Mint a signed, expiring Sightline link from the command line (for Grafana panels and alert
// templates), with the keys in SIGHTLINE_LINK_KEYS (the first signs). Same format as the UI's
// Share → "link for Grafana / alerts" (lib/auth/link-token.ts).
//
//   SIGHTLINE_LINK_KEYS=... npm run sign-link -- --compose shop --ttl 90d --base https://sightline.example
//
// Scope: --compose P, --namespace N, --cluster C, --service S, --name N, --engine E, --host H,
// --label k=v (repeatable; one selector, all keys must match), or --all. `*` is a wildcard.
import { createHash, randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";

const KEYS = ["compose", "namespace", "cluster", "service", "name", "engine", "host"];
const UNITS = { s: 1, m: 60, h: 3600, d: 86400 };
const MAX_TTL = 366 * 86400;

export function parseKeys(raw) {
  return (raw ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(":");
      const kid = i > 0 ? entry.slice(0, i) : createHash("sha256").update(entry).digest("hex").slice(0, 8);
      const secret = i > 0 ? entry.slice(i + 1) : entry;
      if (secret.length < 32) throw new Error(`SIGHTLINE_LINK_KEYS: key ${kid} is shorter than 32 characters`);
      return { kid, secret: new TextEncoder().encode(secret) };
    });
}

export function parseTtl(s) {
  const m = /^(\d+)([smhd])$/.exec(s ?? "");
  if (!m) throw new Error(`--ttl must look like 30m, 12h or 90d, got ${JSON.stringify(s)}`);
  const n = Number(m[1]) * UNITS[m[2]];
  if (n < 60 || n > MAX_TTL) throw new Error("--ttl must be between 1m and 366d");
  return n;
}

export function parseArgs(argv) {
  const sel = {};
  const out = { ttl: "30d", sub: "cli", base: "", all: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    const key = a.replace(/^--/, "");
    if (a === "--all") out.all = true;
    else if (KEYS.includes(key) && v) {
      sel[key] = v;
      i++;
    } else if (a === "--label" && v && v.includes("=")) {
      sel.labels ??= {};
      sel.labels[v.slice(0, v.indexOf("="))] = v.slice(v.indexOf("=") + 1);
      i++;
    } else if (["--ttl", "--sub", "--base"].includes(a) && v) {
      out[key] = v;
      i++;
    } else throw new Error(`unknown or incomplete argument ${a}`);
  }
  if (!out.all && Object.keys(sel).length === 0)
    throw new Error("give a scope: --compose shop, --name …, --label k=v, or --all");
  return { ...out, scope: out.all ? { all: true } : { allow: [sel] } };
}

export async function signFromArgs(argv, env = process.env, now = Date.now()) {
  const keys = parseKeys(env.SIGHTLINE_LINK_KEYS);
  const key = keys[0];
  if (!key) throw new Error("SIGHTLINE_LINK_KEYS is not set");
  const a = parseArgs(argv);
  const ttl = parseTtl(a.ttl);
  const iat = Math.floor(now / 1000);
  const jti = randomBytes(9).toString("base64url");
  const token = await new SignJWT({ scp: a.scope })
    .setProtectedHeader({ alg: "HS256", kid: key.kid })
    .setAudience("sightline-link")
    .setJti(jti)
    .setSubject(a.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(key.secret);
  const base = a.base.replace(/\/+$/, "");
  return {
    token,
    jti,
    expiresAt: new Date((iat + ttl) * 1000).toISOString(),
    embed: `${base}/embed/containers/\${name}?from=\${__from}&to=\${__to}&theme=dark&token=${token}`,
    go: `${base}/go?name={{ $labels.name }}&token=${token}`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  signFromArgs(process.argv.slice(2)).then(
    (r) => {
      console.log(`token (id ${r.jti}, expires ${r.expiresAt}):\n${r.token}\n`);
      console.log(`Grafana Text panel iframe src:\n${r.embed}\n`);
      console.log(`Alert link:\n${r.go}`);
    },
    (err) => {
      console.error(`sign-link: ${err.message}`);
      process.exit(2);
    },
  );
}
