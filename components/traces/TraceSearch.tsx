"use client";
// Find spans in this trace: service, operation, attribute key or value, `key=value`, span ID.
// Enter / Shift+Enter step through matches, like a browser's find bar.
import type { KeyboardEvent } from "react";

interface Props {
  query: string;
  onQuery(q: string): void;
  count: number;
  /** Index of the current match, -1 before the first jump. */
  active: number;
  pending: boolean;
  onNext(): void;
  onPrev(): void;
  onlyMatches: boolean;
  onOnlyMatches(v: boolean): void;
  /** Not usable yet (the page shows the server's first rows while the trace loads). */
  disabled?: boolean;
}

export function TraceSearch({
  query,
  onQuery,
  count,
  active,
  pending,
  onNext,
  onPrev,
  onlyMatches,
  onOnlyMatches,
  disabled = false,
}: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      if (e.shiftKey) onPrev();
      else onNext();
    } else if (e.key === "Escape") {
      onQuery("");
    }
  };
  const has = query.trim() !== "";
  return (
    <>
      <input
        type="search"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Find spans: service, operation, http.status_code=500, span ID…"
        aria-label="Search spans in this trace"
        data-testid="trace-search"
        spellCheck={false}
        disabled={disabled}
      />
      {has ? (
        <span className="count muted" data-testid="trace-search-count" aria-live="polite">
          {pending
            ? "…"
            : count === 0
              ? "no matches"
              : `${active >= 0 ? `${active + 1} of ` : ""}${count.toLocaleString("en")} ${count === 1 ? "match" : "matches"}`}
        </span>
      ) : null}
      <button
        type="button"
        onClick={onPrev}
        disabled={disabled || count === 0}
        aria-label="Previous match"
        data-testid="trace-search-prev"
      >
        ↑
      </button>
      <button
        type="button"
        onClick={onNext}
        disabled={disabled || count === 0}
        aria-label="Next match"
        data-testid="trace-search-next"
      >
        ↓
      </button>
      <label className="muted" style={{ fontSize: 12.5 }}>
        <input
          type="checkbox"
          checked={onlyMatches}
          disabled={disabled}
          onChange={(e) => onOnlyMatches(e.target.checked)}
          data-testid="trace-search-only"
        />{" "}
        only matches
      </label>
    </>
  );
}
