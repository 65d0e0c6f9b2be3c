// `| json` and `| logfmt` field extraction with Loki 2.8's quirks: numbers keep their source
// spelling, nested objects flatten with "_", arrays/null are skipped, keys are sanitised,
// and failures report jsonparser/logfmt error texts.

export type Extracted = { fields: [string, string][]; error?: { type: string; details: string } };

const JSON_OBJECT_ERROR = "Value looks like object, but can't find closing '}' symbol";
const JSON_STRING_ERROR = "Value looks like string, but can't find closing '\"' symbol";

const VALID_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Loki's sanitizeLabelKey(key, true): one "_" per invalid rune, "_" prefix before a digit. */
export function sanitizeLabelKey(key: string): string {
  if (VALID_KEY.test(key)) return key;
  const k = key.trim();
  if (k === "") return k;
  const prefixed = /^[0-9]/.test(k) ? `_${k}` : k;
  return prefixed.replace(/[^a-zA-Z0-9_]/gu, "_");
}

class JsonScanner {
  pos = 0;
  constructor(readonly s: string) {}

  fail(msg = JSON_OBJECT_ERROR): never {
    throw new Error(msg);
  }

  ws(): void {
    while (/\s/.test(this.s[this.pos] ?? "x")) this.pos++;
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.s.length && this.s[this.pos] !== '"') this.pos += this.s[this.pos] === "\\" ? 2 : 1;
    if (this.pos >= this.s.length) this.fail(JSON_STRING_ERROR);
    this.pos++;
    try {
      return JSON.parse(this.s.slice(start, this.pos)) as string;
    } catch {
      return this.fail("Encountered invalid escape sequence");
    }
  }

  /** Skips or reads one value; returns [kind, text]. */
  value(): ["string" | "number" | "bool" | "null" | "object" | "array", string] {
    this.ws();
    const c = this.s[this.pos];
    if (c === '"') return ["string", this.string()];
    if (c === "{" || c === "[") {
      const start = this.pos;
      if (c === "{") this.object(() => undefined);
      else this.array();
      return [c === "{" ? "object" : "array", this.s.slice(start, this.pos)];
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.pos));
    if (!m) return this.fail("Unknown value type");
    this.pos += m[0].length;
    const t = m[0];
    return [t === "null" ? "null" : t === "true" || t === "false" ? "bool" : "number", t];
  }

  array(): void {
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      const c = this.s[this.pos++];
      if (c === "]") return;
      if (c !== ",") this.fail("Value is array, but can't find closing ']' symbol");
    }
  }

  object(visit: (key: string, kind: string, raw: string, at: number) => void): void {
    this.ws();
    if (this.s[this.pos] !== "{") this.fail();
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail();
      const key = this.string();
      this.ws();
      if (this.s[this.pos++] !== ":") this.fail();
      this.ws();
      const at = this.pos;
      const [kind, raw] = this.value();
      visit(key, kind, raw, at);
      this.ws();
      const c = this.s[this.pos++];
      if (c === "}") return;
      if (c !== ",") this.fail();
    }
  }
}

export function extractJson(line: string): Extracted {
  const fields: [string, string][] = [];
  const walk = (sc: JsonScanner, prefix: string): void => {
    sc.object((key, kind, raw, at) => {
      const path = prefix === "" ? key : `${prefix}_${key}`;
      if (kind === "object") {
        const inner = new JsonScanner(sc.s);
        inner.pos = at;
        walk(inner, path);
      } else if (kind === "string" || kind === "number" || kind === "bool") {
        const name = sanitizeLabelKey(path);
        if (name !== "") fields.push([name, raw]);
      }
    });
  };
  try {
    walk(new JsonScanner(line), "");
    return { fields };
  } catch (e) {
    return { fields: [], error: { type: "JSONParserErr", details: e instanceof Error ? e.message : String(e) } };
  }
}

function logfmtError(pos: number, msg: string): { type: string; details: string } {
  return { type: "LogfmtParserErr", details: `logfmt syntax error at pos ${pos} : ${msg}` };
}

/** go-logfmt's ScanKeyval loop: bare keys get "", `=` or `"` inside a bare token is an error. */
export function extractLogfmt(line: string): Extracted {
  const fields: [string, string][] = [];
  const push = (k: string, v: string): void => {
    const name = sanitizeLabelKey(k);
    if (name !== "") fields.push([name, v]);
  };
  let p = 0;
  const n = line.length;
  const isSpace = (c: string | undefined): boolean => c !== undefined && c <= " ";
  while (p < n) {
    while (p < n && isSpace(line[p])) p++;
    if (p >= n) break;
    const start = p;
    while (p < n && line[p] !== "=" && line[p] !== '"' && !isSpace(line[p])) p++;
    const key = line.slice(start, p);
    if (line[p] === '"') return { fields, error: logfmtError(p + 1, "unexpected '\"'") };
    if (line[p] !== "=") {
      push(key, "");
      continue;
    }
    if (key === "") return { fields, error: logfmtError(p + 1, "unexpected '='") };
    p++;
    if (p >= n || isSpace(line[p])) {
      push(key, "");
      continue;
    }
    if (line[p] === '"') {
      const q = p;
      p++;
      while (p < n && line[p] !== '"') p += line[p] === "\\" ? 2 : 1;
      if (p >= n) return { fields, error: logfmtError(n + 1, "unterminated quoted value") };
      p++;
      let value: string;
      try {
        value = JSON.parse(line.slice(q, p)) as string;
      } catch {
        return { fields, error: logfmtError(q + 1, "invalid quoted value") };
      }
      push(key, value);
      continue;
    }
    const vStart = p;
    while (p < n && !isSpace(line[p])) {
      const c = line[p];
      if (c === "=" || c === '"') return { fields, error: logfmtError(p + 1, `unexpected '${c}'`) };
      p++;
    }
    push(key, line.slice(vStart, p));
  }
  return { fields };
}
