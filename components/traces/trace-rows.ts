// What the trace explorer asks of its rows, whether the browser holds the whole trace
// (use-model-rows.ts) or receives a huge one a window at a time (use-window-rows.ts).
import type { RowSource } from "./row-source";
import type { ScrollRequest } from "./Waterfall";

export interface TraceRows {
  source: RowSource;
  /** Positions of the search's matches, ascending (a windowed trace: the first WINDOW_SEARCH_LIMIT). */
  matches: Int32Array;
  /** Every match in the trace. */
  matchCount: number;
  /** Changes when the matches do (a jump's place among them is kept while it does not). */
  matchKey: unknown;
  /**
   * The next (dir 1) or previous (-1) match from position `from` (-1: none yet), wrapping
   * around, with its rank among all matches; absent when `matches` holds them all.
   */
  step?(dir: 1 | -1, from: number): Promise<{ pos: number; rank: number } | undefined>;
  searchPending: boolean;
  searchError: Error | null;
  /** Set when a revealed row should be scrolled to. */
  scrollRequest: ScrollRequest | null;
  toggle(pos: number): void;
  collapseAll(): void;
  expandAll(): void;
  /** Expand every ancestor of `pos` and scroll to it. */
  reveal(pos: number): void;
  /** The position of a span ID, -1 when it is not in the trace. */
  find(spanId: string): Promise<number>;
  /** As find, when the answer is here without asking the server; undefined when it is not. */
  findNow(spanId: string): number | undefined;
  /** Something the person should know about the rows (a windowed trace's limits), or null. */
  notice?: string | null;
  /** Rows that could not be loaded (a windowed trace), with a way to ask again. */
  error: Error | null;
  retry(): void;
}
