// Secrets never leave the server: every error text passes through `redact` (BackendError does
// it on construction, the API's error mapper for anything else). The configured secrets are
// registered once by lib/config on the server; in a browser bundle the list stays empty.

const MASK = "[redacted]";
let secrets: string[] = [];

/** Tokens, passwords and header values from the configuration (shorter than 4 chars: ignored). */
export function setSecrets(values: Iterable<string | undefined>): void {
  const set = new Set<string>();
  for (const v of values) {
    if (!v || v.length < 4) continue;
    set.add(v);
    const enc = encodeURIComponent(v);
    if (enc !== v) set.add(enc);
  }
  // Longest first, so a secret containing another is masked whole.
  secrets = [...set].sort((a, b) => b.length - a.length);
}

export function registeredSecretCount(): number {
  return secrets.length;
}

/**
 * `scheme://user:pass@host` → `scheme://[redacted]@host`, in one pass: each `://` is followed by
 * a scan that stops at the first `/`, `?`, `#`, `@` or space, so no character is scanned twice.
 */
export function redactUserinfo(text: string): string {
  let out = "";
  let from = 0;
  let i = text.indexOf("://");
  while (i !== -1) {
    const start = i + 3;
    let j = start;
    let at = -1;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 64 /* @ */) {
        at = j;
        break;
      }
      if (c === 47 || c === 63 || c === 35 || c <= 32) break;
      j++;
    }
    if (at > start) {
      out += `${text.slice(from, start)}${MASK}`;
      from = at;
    }
    // A `://` can begin at the `:` just before the `/` that stopped the scan.
    i = text.indexOf("://", Math.max(j - 1, start));
  }
  return from === 0 ? text : out + text.slice(from);
}

export function redact(text: string): string {
  let t = redactUserinfo(text);
  for (const s of secrets) if (t.includes(s)) t = t.split(s).join(MASK);
  return t;
}
