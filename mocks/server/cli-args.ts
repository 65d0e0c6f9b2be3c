// Argument checks shared by the mock-server command lines (demo world and real-mocks).

/** A `--<name>-port` value: undefined when absent, else a port number or a clear error. */
export function portArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`--${name} must be a port number, got ${JSON.stringify(v)}`);
  return n;
}
