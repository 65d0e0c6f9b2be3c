// Tempo's line in /api/health: its version, or why the version is unknown (Tempo 2.0 has no
// JSON buildinfo and a source build reports an empty version), plus the search syntax in use.
import type { TempoBackend } from "../backends/tempo/client";

export async function tempoHealth(
  t: TempoBackend,
  signal?: AbortSignal,
): Promise<{ version?: string; detail?: string }> {
  const v = await t.version({ signal });
  const mode = t.searchMode();
  const parts = [
    v.version ? undefined : `version unknown: ${v.reason ?? "not reported"}`,
    mode ? `search: ${mode}` : undefined,
  ];
  const detail = parts.filter(Boolean).join("; ");
  return { version: v.version, detail: detail || undefined };
}
