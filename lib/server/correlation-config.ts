// The optional correlation override file (SIGHTLINE_CORRELATION_FILE), re-read when it
// changes so an operator can fix a mapping without a restart.
import { readFile, stat } from "node:fs/promises";
import {
  type CorrelationConfig,
  compileTraceIdPatterns,
  DEFAULT_CORRELATION_CONFIG,
  parseCorrelationConfig,
} from "../correlation/overrides";
import { getConfig } from "../config";
import type { TracePattern } from "../model/trace-pattern";

interface Loaded {
  config: CorrelationConfig;
  patterns: TracePattern[];
  error?: string;
  file?: string;
}

let cache: { mtimeMs: number; loaded: Loaded } | undefined;

export async function loadCorrelationConfig(): Promise<Loaded> {
  const file = getConfig().correlationFile;
  if (!file) return { config: DEFAULT_CORRELATION_CONFIG, patterns: [] };
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch {
    // A missing file is "no overrides yet", not an error: tests and operators create it later.
    return { config: DEFAULT_CORRELATION_CONFIG, patterns: [], file };
  }
  if (cache && cache.mtimeMs === mtimeMs) return cache.loaded;
  let loaded: Loaded;
  try {
    const r = parseCorrelationConfig(JSON.parse(await readFile(file, "utf8")));
    loaded = r.ok
      ? { config: r.config, patterns: compileTraceIdPatterns(r.config), file }
      : { config: DEFAULT_CORRELATION_CONFIG, patterns: [], error: r.error, file };
  } catch (err) {
    loaded = {
      config: DEFAULT_CORRELATION_CONFIG,
      patterns: [],
      error: `Correlation file ${file}: ${(err as Error).message}`,
      file,
    };
  }
  cache = { mtimeMs, loaded };
  return loaded;
}
