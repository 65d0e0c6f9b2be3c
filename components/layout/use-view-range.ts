"use client";
// The page's one time range, read from and written to the URL (`from`, `to`, `refresh`).
// Relative ranges stay relative in the URL; they are resolved against a `now` that moves
// only on auto-refresh ticks or an explicit refresh, so query keys stay stable in between.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { type Millis, millis, type TimeRange } from "@/lib/model/time";
import { parseDuration } from "@/lib/url/duration";
import { absoluteTime, formatTimeParam, type TimeExpr } from "@/lib/url/time";
import { DEFAULT_FROM, resolveViewRange, viewExprs } from "./view-range";

export { DEFAULT_FROM };

export interface ViewRange {
  range: TimeRange;
  fromExpr: TimeExpr;
  toExpr: TimeExpr;
  isRelative: boolean;
  refreshMs?: number;
  /** As written in the URL (`30s`), or undefined when off. */
  refreshRaw?: string;
  setAbsolute(from: number, to: number): void;
  setExprs(from: string, to: string): void;
  setRefresh(v: string | undefined): void;
  refreshNow(): void;
  /** Replace or remove query params, keeping everything else (theme, embed, tab…). */
  setParams(p: Record<string, string | undefined>, mode?: "push" | "replace"): void;
}

/** How far the browser's clock may be from the server page's for the page to use the server's. */
export const SERVER_NOW_TOLERANCE_MS = 60_000;

/**
 * `initialNow`: the server page's clock, so a relative range resolves in the browser to the
 * range (and the API URLs) the server rendered and answered in its HTML (lib/queries/seed.ts).
 * Used only when the browser's clock agrees within SERVER_NOW_TOLERANCE_MS (the page's load
 * time); a browser whose clock is elsewhere keeps its own `now`, as before.
 */
export function useViewRange(initialNow?: number): ViewRange {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [now, setNow] = useState<Millis>(() => {
    const own = Date.now();
    const near = initialNow !== undefined && Math.abs(own - initialNow) <= SERVER_NOW_TOLERANCE_MS;
    return millis(near ? initialNow : own);
  });

  const fromRaw = sp.get("from");
  const toRaw = sp.get("to");
  const refreshRaw = sp.get("refresh") ?? undefined;
  const refreshMs = useMemo(() => {
    if (!refreshRaw || refreshRaw === "off") return undefined;
    const d = parseDuration(refreshRaw);
    return d.ok && d.ms >= 1000 ? d.ms : undefined;
  }, [refreshRaw]);

  // The page already validated the URL on the server; fall back quietly on client edits.
  const { fromExpr, toExpr } = useMemo(() => viewExprs(fromRaw, toRaw, now), [fromRaw, toRaw, now]);

  const range = useMemo<TimeRange>(() => resolveViewRange(fromExpr, toExpr, now), [fromExpr, toExpr, now]);
  const isRelative = fromExpr.kind === "relative" || toExpr.kind === "relative";

  useEffect(() => {
    if (!refreshMs || !isRelative) return;
    const id = setInterval(() => setNow(millis(Date.now())), refreshMs);
    return () => clearInterval(id);
  }, [refreshMs, isRelative]);

  const setParams = useCallback(
    (p: Record<string, string | undefined>, mode: "push" | "replace" = "push") => {
      const next = new URLSearchParams(sp.toString());
      for (const [k, v] of Object.entries(p)) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      const url = `${pathname}?${next.toString()}`;
      if (mode === "push") router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [sp, pathname, router],
  );

  return {
    range,
    fromExpr,
    toExpr,
    isRelative,
    refreshMs,
    refreshRaw: refreshMs ? refreshRaw : undefined,
    setAbsolute: (from, to) =>
      setParams({ from: formatTimeParam(absoluteTime(from)), to: formatTimeParam(absoluteTime(to)) }),
    setExprs: (from, to) => {
      setNow(millis(Date.now()));
      setParams({ from, to });
    },
    setRefresh: (v) => setParams({ refresh: v }, "replace"),
    refreshNow: () => setNow(millis(Date.now())),
    setParams,
  };
}
