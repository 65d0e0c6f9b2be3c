// Types of log-cursor.mjs for the TypeScript callers (real-mocks, tests).
export interface LogCursor {
  sec: number;
  seen: number;
}
export function parseTimestamp(raw: string): bigint | undefined;
export function newCursor(): LogCursor;
export function logsPath(id: string, cursor: LogCursor): string;
export function unseenLines(body: Buffer, cursor: LogCursor): Generator<{ ns: bigint; text: string }>;
