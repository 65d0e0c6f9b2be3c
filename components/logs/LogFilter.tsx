"use client";
import { useEffect, useState } from "react";

/** Substring or regex line filter; sent to Loki as `|=` / `|~`. Invalid regexes are caught here. */
export function LogFilter({
  q,
  qmode,
  onApply,
}: {
  q?: string;
  qmode: "substring" | "regex";
  onApply(text: string, mode: "substring" | "regex"): void;
}) {
  const [text, setText] = useState(q ?? "");
  const [mode, setMode] = useState(qmode);
  useEffect(() => setText(q ?? ""), [q]);
  let invalid: string | undefined;
  if (mode === "regex" && text) {
    try {
      // RE2 (Loki) accepts leading flag groups like (?i); JavaScript does not.
      new RegExp(text.replace(/^\(\?[imsU]+\)/, ""));
    } catch (e) {
      invalid = (e as Error).message;
    }
  }
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onApply(text, mode);
      }}
    >
      <input
        type="search"
        aria-label="Filter log lines"
        placeholder={mode === "regex" ? "regex, e.g. (?i)timeout|refused" : "text in line"}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={Boolean(invalid)}
        style={{ minWidth: 220 }}
      />
      <select
        aria-label="Filter mode"
        value={mode}
        onChange={(e) => setMode(e.target.value === "regex" ? "regex" : "substring")}
      >
        <option value="substring">contains</option>
        <option value="regex">regex</option>
      </select>
      <button type="submit" disabled={Boolean(invalid)}>
        Filter
      </button>
      {invalid ? <span className="badge error">{invalid}</span> : null}
    </form>
  );
}
