#!/usr/bin/env node
// Scan the built client bundle (.next/static) for the configured secrets: run after
// `next build` with the production environment (the same *_BEARER_TOKEN, *_BASIC_AUTH,
// *_HEADERS, credentials in *_URL / ENGINE_URLS). Exits 1 naming the file when one is found.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(process.argv[2] ?? ".next/static");
const secrets = new Set();
for (const p of ["PROMETHEUS", "LOKI", "JAEGER"]) {
  const e = process.env;
  if (e[`${p}_BEARER_TOKEN`]) secrets.add(e[`${p}_BEARER_TOKEN`]);
  if (e[`${p}_BASIC_AUTH`]) secrets.add(e[`${p}_BASIC_AUTH`].slice(e[`${p}_BASIC_AUTH`].indexOf(":") + 1));
  for (const kv of (e[`${p}_HEADERS`] ?? "").split(","))
    if (kv.includes("=")) secrets.add(kv.slice(kv.indexOf("=") + 1));
}
for (const u of [
  process.env.PROMETHEUS_URL,
  process.env.LOKI_URL,
  process.env.JAEGER_URL,
  ...(process.env.ENGINE_URLS ?? "").split(","),
]) {
  try {
    const p = new URL(u ?? "").password;
    if (p) secrets.add(decodeURIComponent(p));
  } catch {}
}
const values = [...secrets].filter((s) => s.length >= 4);
if (!values.length) {
  console.error("scan-bundle-secrets: no secrets configured in the environment; nothing to check");
  process.exit(2);
}
let found = 0;
let files = 0;
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const f = path.join(d, name);
    if (statSync(f).isDirectory()) walk(f);
    else {
      files++;
      const text = readFileSync(f, "latin1");
      for (const s of values)
        if (text.includes(s)) {
          found++;
          console.error(`secret found in ${f}`);
        }
    }
  }
};
walk(dir);
console.log(`scan-bundle-secrets: ${files} files, ${values.length} secrets, ${found} found`);
process.exit(found ? 1 : 0);
