// Go standard-library behaviours that both fake servers need byte-for-byte: string unquoting,
// float parsing/formatting (strconv) and duration parsing (Prometheus model + time.ParseDuration).

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

/** Go strconv.Unquote (plus single quotes, as Prometheus' strutil.Unquote allows). Throws on bad input. */
export function unquoteGo(raw: string): string {
  const q = raw[0];
  if (raw.length < 2 || raw[raw.length - 1] !== q) throw new Error("invalid syntax");
  const body = raw.slice(1, -1);
  if (q === "`") {
    if (body.includes("`")) throw new Error("invalid syntax");
    return body.replace(/\r/g, "");
  }
  if (q !== '"' && q !== "'") throw new Error("invalid syntax");
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === q || c === "\n") throw new Error("invalid syntax");
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error("invalid syntax");
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) throw new Error("invalid syntax");
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw new Error("invalid syntax");
      out += String.fromCodePoint(code);
      i += hexLen;
      continue;
    }
    if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error("invalid syntax");
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += 2;
      continue;
    }
    throw new Error("invalid syntax");
  }
  return out;
}

/** Go strconv.Quote for printable input (what labels.String() uses in error messages). */
export function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go strconv.ParseFloat(s, 64) for the spellings that matter; undefined when Go would fail. */
export function parseGoFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  if (/^[+-]?0x[0-9a-f]+$/i.test(s)) {
    const v = Number.parseInt(s.replace(/^[+-]/, ""), 16);
    return s.startsWith("-") ? -v : v;
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** Go strconv.FormatFloat(v, 'f', -1, 64) with Prometheus' spellings of the special values. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (Object.is(v, -0)) return "-0";
  const sign = v < 0 ? "-" : "";
  const s = String(Math.abs(v));
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return sign + s;
  const digits = (m[1] ?? "") + (m[2] ?? "");
  const exp = Number(m[3]);
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

const PROM_UNITS: [string, number][] = [
  ["y", 365 * 86_400_000],
  ["w", 7 * 86_400_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

/** Prometheus model.ParseDuration ("1h30m", "15s", "0"), in milliseconds. */
export function parsePromDuration(s: string): number | undefined {
  if (s === "0") return 0;
  const re = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;
  const m = re.exec(s);
  if (!m || s === "") return undefined;
  let ms = 0;
  PROM_UNITS.forEach(([, factor], i) => {
    const n = m[2 + i * 2];
    if (n !== undefined) ms += Number(n) * factor;
  });
  return ms;
}

const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go time.ParseDuration ("1.5h", "300ms"), in milliseconds; LogQL accepts both styles. */
export function parseGoDuration(s: string): number | undefined {
  const body = s.replace(/^[+-]/, "");
  if (body === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) return undefined;
    ms += Number(m[1]) * (GO_UNITS[m[2] ?? ""] ?? 0);
    pos = re.lastIndex;
  }
  if (body === "") return undefined;
  return s.startsWith("-") ? -ms : ms;
}

/** Either duration style, Prometheus first (it knows d/w/y). */
export function parseAnyDuration(s: string): number | undefined {
  return parsePromDuration(s) ?? parseGoDuration(s);
}
