// Query strings from pairs. No zod here: link formatting runs in the browser, parsing (./view,
// ./state-parse) runs on the server.

/** Build a query string from pairs, dropping undefined values; the order given is kept. */
export function toQuery(pairs: readonly (readonly [string, string | undefined])[]): string {
  const sp = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== undefined && v !== "") sp.append(k, v);
  return sp.toString();
}
