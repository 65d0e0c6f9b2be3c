"use client";
// Live mode: the server relays Loki's tail (it holds the tenant header) as Server-Sent Events.
// New lines are batched into one render every 250 ms, the buffer is bounded, and while the
// user is scrolled away from the top new lines wait in `pending` ("N new lines").
import { useCallback, useEffect, useRef, useState } from "react";
import type { LogLine } from "@/lib/model/logs";
import type { ItemPivot } from "@/lib/model/pivot";

export const LIVE_MAX_LINES = 5000;
/** Consecutive connection errors without a line in between before the view stops retrying. */
export const LIVE_MAX_RETRIES = 5;

export interface LiveTail {
  lines: LogLine[];
  pendingCount: number;
  dropped: number;
  error?: string;
  connected: boolean;
  /** Line → trace, as the server decided it for this stream (its first event). */
  tracePivot?: ItemPivot;
  resume(): void;
}

export function useLiveTail(url: string | undefined, following: boolean): LiveTail {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [pendingCount, setPendingCount] = useState(0);
  const [dropped, setDropped] = useState(0);
  const [error, setError] = useState<string>();
  const [connected, setConnected] = useState(false);
  const [tracePivot, setTracePivot] = useState<ItemPivot>();
  const incoming = useRef<LogLine[]>([]);
  const pending = useRef<LogLine[]>([]);
  const followingRef = useRef(following);
  followingRef.current = following;

  useEffect(() => {
    if (!url) return;
    setLines([]);
    setDropped(0);
    setError(undefined);
    pending.current = [];
    const es = new EventSource(url);
    // The server resumes after Last-Event-ID; this also drops any line seen twice (bounded).
    const seen = new Set<string>();
    let failures = 0;
    es.addEventListener("open", () => setConnected(true));
    es.addEventListener("pivot", (e) => setTracePivot(JSON.parse((e as MessageEvent<string>).data) as ItemPivot));
    es.addEventListener("lines", (e) => {
      const batch = JSON.parse((e as MessageEvent<string>).data) as LogLine[];
      failures = 0;
      for (const l of batch) {
        if (seen.has(l.key)) continue;
        seen.add(l.key);
        incoming.current.push(l);
      }
      if (seen.size > 2 * LIVE_MAX_LINES) {
        const keep = [...seen].slice(-LIVE_MAX_LINES);
        seen.clear();
        for (const k of keep) seen.add(k);
      }
    });
    const addDropped = (e: Event) => setDropped((d) => d + Number((e as MessageEvent<string>).data));
    es.addEventListener("dropped", addDropped);
    // The server dropped our oldest queued lines because this tab did not keep up.
    es.addEventListener("dropped-slow", addDropped);
    es.addEventListener("tail-error", (e) => setError((e as MessageEvent<string>).data));
    es.addEventListener("fatal", (e) => {
      setError((e as MessageEvent<string>).data);
      es.close();
      setConnected(false);
    });
    es.onerror = () => {
      setConnected(false);
      failures++;
      if (es.readyState === EventSource.CLOSED) {
        // A refusal (429/503: the server's live-tail limits) or a gone server: the browser
        // does not retry these, and neither do we.
        setError(
          (prev) => prev ?? "The server refused the live tail (it may be at its limit). Turn live off and on to retry.",
        );
      } else if (failures >= LIVE_MAX_RETRIES) {
        es.close();
        setError((prev) => `${prev ? `${prev}. ` : ""}Live tail stopped after ${failures} failed reconnects.`);
      }
    };
    const flush = setInterval(() => {
      if (!incoming.current.length) return;
      const batch = incoming.current.reverse(); // newest first
      incoming.current = [];
      if (followingRef.current) {
        setLines((prev) => batch.concat(prev).slice(0, LIVE_MAX_LINES));
      } else {
        pending.current = batch.concat(pending.current).slice(0, LIVE_MAX_LINES);
        setPendingCount(pending.current.length);
      }
    }, 250);
    return () => {
      clearInterval(flush);
      es.close();
      setConnected(false);
    };
  }, [url]);

  const resume = useCallback(() => {
    const p = pending.current;
    pending.current = [];
    setPendingCount(0);
    setLines((prev) => p.concat(prev).slice(0, LIVE_MAX_LINES));
  }, []);

  return { lines, pendingCount, dropped, error, connected, tracePivot, resume };
}
