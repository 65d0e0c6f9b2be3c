"use client";
// Attribute tables, events and links of one span. All backend text is rendered as text.
import { IntentLink } from "./IntentLink";
import type { AttrValue, Attributes, Span, SpanEvent } from "@/lib/model/trace";
import { normalizeSpanId, normalizeTraceId, sameTraceId } from "@/lib/model/trace-id";
import { traceHref } from "@/lib/url/links";
import type { ChromeState } from "@/lib/url/state";
import { formatOffset } from "./time-axis";

export function attrText(v: AttrValue): string {
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

export function AttrTable({ attrs, testId, skip }: { attrs: Attributes; testId?: string; skip?: readonly string[] }) {
  const keys = Object.keys(attrs)
    .filter((k) => !skip?.includes(k))
    .sort();
  if (keys.length === 0) return <p className="muted">none</p>;
  return (
    <table data-testid={testId}>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <td className="k">{k}</td>
            <td className="v">{attrText(attrs[k] ?? null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EXCEPTION_KEYS = ["exception.type", "exception.message", "exception.stacktrace"] as const;

function EventItem({ e, spanStart }: { e: SpanEvent; spanStart: number }) {
  const exception = e.name === "exception" || "exception.type" in e.attributes || "exception.message" in e.attributes;
  const type = e.attributes["exception.type"];
  const message = e.attributes["exception.message"];
  const stack = e.attributes["exception.stacktrace"];
  return (
    <li className={`span-event${exception ? " exception" : ""}`} data-testid="span-event" data-exception={exception}>
      <div>
        <span className="mono muted">+{formatOffset(e.time - spanStart)}</span> <strong>{e.name || "(event)"}</strong>
      </div>
      {exception && (type !== undefined || message !== undefined) ? (
        <div className="status-error">
          {type !== undefined ? attrText(type) : null}
          {type !== undefined && message !== undefined ? ": " : null}
          {message !== undefined ? attrText(message) : null}
        </div>
      ) : null}
      {stack !== undefined ? <pre>{attrText(stack)}</pre> : null}
      {Object.keys(e.attributes).some((k) => !EXCEPTION_KEYS.some((x) => x === k)) ? (
        <AttrTable attrs={e.attributes} skip={exception ? EXCEPTION_KEYS : undefined} />
      ) : null}
    </li>
  );
}

export function SpanEvents({ span }: { span: Span }) {
  if (span.events.length === 0) return <p className="muted">none</p>;
  const events = [...span.events].sort((a, b) => a.time - b.time);
  return (
    <ul style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="span-events">
      {events.map((e, i) => (
        // Events have no ID; time + position is stable for one span.
        <EventItem key={`${e.time}-${i}`} e={e} spanStart={span.start} />
      ))}
    </ul>
  );
}

export function SpanLinks({
  span,
  traceId,
  chrome,
  onSelectSpan,
}: {
  span: Span;
  traceId: string;
  chrome: ChromeState;
  onSelectSpan(spanId: string): void;
}) {
  if (span.links.length === 0) return <p className="muted">none</p>;
  return (
    <ul data-testid="span-links" style={{ paddingLeft: 18, margin: 0 }}>
      {span.links.map((l, i) => {
        const other = normalizeTraceId(l.traceId);
        const label = `${l.kind.replace("_", " ")} ${l.spanId}`;
        return (
          // Links may repeat the same target, so the position is part of the key.
          <li key={i} className="mono">
            {sameTraceId(l.traceId, traceId) ? (
              <button type="button" className="linkish mono" onClick={() => onSelectSpan(l.spanId)}>
                {label} (this trace)
              </button>
            ) : other ? (
              <IntentLink href={traceHref(other, { ...chrome, spanId: normalizeSpanId(l.spanId) })}>
                {label} in trace {other}
              </IntentLink>
            ) : (
              <span>
                {label} in trace {l.traceId}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
