// Requests a server-rendered page starts before any of its JavaScript has loaded. The page
// writes a tiny inline script (earlyFetchScript) that fetches the panels' API URLs while the
// browser is still downloading the bundle; fetchJson takes the response started for the very
// same URL instead of asking again (takeEarly). Same API, same response, same errors: only the
// moment the request is sent changes.

const GLOBAL = "__sightlineEarly";

type EarlyMap = Record<string, Promise<Response> | undefined>;

/** The request already started for `url` by the page's early script, once; undefined otherwise. */
export function takeEarly(url: string): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const map = (window as unknown as Record<string, EarlyMap | undefined>)[GLOBAL];
  const res = map?.[url];
  if (res) map[url] = undefined;
  return res;
}

/**
 * The inline script's source: fetch each same-origin path now, keyed by the path. The paths
 * are JSON inside a script element, so `<` is escaped (no `</script>` can close it early).
 */
export function earlyFetchScript(paths: readonly string[]): string {
  const json = JSON.stringify(paths.filter((p) => p.startsWith("/") && !p.startsWith("//"))).replace(
    /[<>\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `(function(){var m=window.${GLOBAL}=window.${GLOBAL}||{};${json}.forEach(function(u){m[u]=fetch(u,{headers:{Accept:"application/json"}});m[u].catch(function(){})})})();`;
}
