// Request paths → route patterns (`/api/containers/shop-cart-1/logs` →
// `/api/containers/[ref]/logs`), so request metrics and logs have bounded labels. The
// patterns come from the build's own route list (.next/app-path-routes-manifest.json).
import { readFileSync } from "node:fs";
import path from "node:path";

export type RouteMatcher = (pathname: string) => string;

function segmentRegex(pattern: string): RegExp {
  const parts = pattern
    .split("/")
    .filter(Boolean)
    .map((seg) => {
      if (/^\[\[\.\.\.[^\]]+\]\]$/.test(seg)) return "(?:/.*)?";
      if (/^\[\.\.\.[^\]]+\]$/.test(seg)) return "/.+";
      if (/^\[[^\]]+\]$/.test(seg)) return "/[^/]+";
      return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    });
  return new RegExp(`^${parts.join("") || "/"}/?$`);
}

/** Build a matcher from route patterns; more specific patterns (more static segments) win. */
export function routeMatcher(patterns: string[]): RouteMatcher {
  const score = (p: string) => p.split("/").filter((s) => s && !s.startsWith("[")).length * 100 + p.length;
  const compiled = [...new Set(patterns)]
    .filter((p) => !p.startsWith("/_") && !p.includes("(") && !p.includes("@"))
    .sort((a, b) => score(b) - score(a))
    .map((p) => ({ p, re: segmentRegex(p) }));
  // Every request is matched: the last few hundred paths are remembered (bounded, short keys only).
  const seen = new Map<string, string>();
  return (pathname: string) => {
    if (pathname.startsWith("/_next/static/")) return "/_next/static";
    if (pathname.startsWith("/_next/")) return "/_next";
    const known = seen.get(pathname);
    if (known !== undefined) return known;
    let route = "other";
    for (const { p, re } of compiled)
      if (re.test(pathname)) {
        route = p;
        break;
      }
    if (pathname.length <= 256) {
      if (seen.size >= 512) seen.delete(seen.keys().next().value as string);
      seen.set(pathname, route);
    }
    return route;
  };
}

/** The running build's routes; an empty matcher (every path "other") when the manifest is absent. */
export function routeMatcherFromBuild(cwd = process.cwd()): RouteMatcher {
  try {
    const file = path.join(cwd, ".next", "app-path-routes-manifest.json");
    const manifest = JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as Record<string, string>;
    return routeMatcher(Object.values(manifest));
  } catch {
    return routeMatcher([]);
  }
}
