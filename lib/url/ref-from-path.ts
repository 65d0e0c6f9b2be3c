/** The `[ref]` segment of `/containers/<ref>` or `/embed/containers/<ref>` in a path (for not-found pages). */
export function containerRefFromPath(path: string | null): string {
  const p = (path ?? "").split("?")[0] ?? "";
  const m = /^\/(?:embed\/)?containers\/([^/]{1,512})/.exec(p);
  if (!m?.[1]) return "";
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}
