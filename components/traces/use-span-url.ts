"use client";
// `spanId=` in the address bar follows the selected span, without a navigation (no server
// round trip per click), a little after the selection and once for a burst of them.
import { useCallback, useEffect, useRef } from "react";

/** Keep `spanId=` in the address bar without a navigation. */
function syncSpanParam(spanId: string | undefined) {
  const url = new URL(window.location.href);
  if (spanId) url.searchParams.set("spanId", spanId);
  else url.searchParams.delete("spanId");
  if (url.href !== window.location.href) window.history.replaceState(null, "", url);
}

/**
 * How long the address bar may lag a selection. Next's router re-renders on every
 * `history.replaceState` (it keeps useSearchParams in sync); done after the detail is painted,
 * and once for a burst of arrow-key moves, that work stays off the click → detail path. The
 * next press anywhere applies it at once (see flush).
 */
export const URL_SYNC_MS = 150;

/** Returns `show(spanId)`: the address bar names this span (or none) URL_SYNC_MS later. */
export function useSpanUrl(): (spanId: string | undefined) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<(() => void) | null>(null);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const sync = pending.current;
    pending.current = null;
    sync?.();
  }, []);
  useEffect(() => {
    // The address bar is up to date before the next press: a link clicked right after a
    // selection navigates from the right URL, and no late replaceState (which Next turns into
    // a router update) lands on top of that navigation.
    const onPress = () => flush();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") flush();
    };
    window.addEventListener("pointerdown", onPress, true);
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("pointerdown", onPress, true);
      window.removeEventListener("keydown", onKey, true);
      clearTimeout(timer.current);
      pending.current = null;
    };
  }, [flush]);
  return useCallback(
    (spanId: string | undefined) => {
      clearTimeout(timer.current);
      pending.current = () => syncSpanParam(spanId);
      timer.current = setTimeout(flush, URL_SYNC_MS);
    },
    [flush],
  );
}
