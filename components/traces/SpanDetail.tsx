"use client";
// The selected span: identity, timing, status, pivots to its container, then every attribute,
// event (exceptions first-class), link and resource attribute, all rendered as text.
import type { TraceResponse } from "@/lib/model/api";
import { formatClock } from "@/lib/model/format";
import { microsToMillis } from "@/lib/model/time";
import type { ChromeState } from "@/lib/url/state";
import { AttrTable, SpanEvents, SpanLinks } from "./SpanAttributes";
import { SpanPivots } from "./SpanPivots";
import { formatOffset } from "./time-axis";
import { FLAG_CYCLE, FLAG_ORPHAN, spanAt, type WaterfallModel } from "./waterfall-model";

interface Props {
  model: WaterfallModel;
  pos: number;
  traceId: string;
  data: Pick<TraceResponse, "containers" | "unmatched" | "spanContainer">;
  chrome: ChromeState;
  onSelectSpan(spanId: string): void;
  onClose(): void;
  colorOf(service: string): string;
}

export function SpanDetail({ model, pos, traceId, data, chrome, onSelectSpan, onClose, colorOf }: Props) {
  const span = spanAt(model, pos);
  if (!span) return null;
  const parentPos = model.parentPos[pos]!;
  const flags = model.flags[pos]!;
  const error = span.status === "error";
  return (
    <aside className="panel span-detail" data-testid="span-detail" data-span-id={span.spanId} aria-label="Span detail">
      <div className="row" style={{ justifyContent: "space-between", flexWrap: "nowrap", alignItems: "flex-start" }}>
        <h2>
          <span className="wf-dot" style={{ background: colorOf(span.service) }} />
          <span data-testid="span-detail-service">{span.service || "?"}</span>
          <span className="muted">·</span>
          <span data-testid="span-detail-name">{span.name}</span>
          <span className="wf-kind">{span.kind}</span>
        </h2>
        <button type="button" onClick={onClose} aria-label="Close span detail">
          ✕
        </button>
      </div>
      <table>
        <tbody>
          <tr>
            <td className="k">status</td>
            <td className={error ? "status-error" : undefined} data-testid="span-detail-status">
              {span.status}
              {span.statusMessage ? `: ${span.statusMessage}` : ""}
            </td>
          </tr>
          <tr>
            <td className="k">start</td>
            <td className="mono">
              +{formatOffset(model.offset[pos]!)}{" "}
              <span className="muted">({formatClock(microsToMillis(span.start), { ms: true })})</span>
            </td>
          </tr>
          <tr>
            <td className="k">duration</td>
            <td className="mono" data-testid="span-detail-duration">
              {formatOffset(model.duration[pos]!)}
            </td>
          </tr>
          <tr>
            <td className="k">span ID</td>
            <td className="mono" data-testid="span-detail-id">
              {span.spanId}
            </td>
          </tr>
          <tr>
            <td className="k">parent</td>
            <td className="mono">
              {parentPos >= 0 ? (
                <button
                  type="button"
                  className="linkish mono"
                  onClick={() => onSelectSpan(spanAt(model, parentPos)?.spanId ?? "")}
                >
                  {span.parentSpanId}
                </button>
              ) : span.parentSpanId ? (
                <>
                  {span.parentSpanId}{" "}
                  <span className="muted">
                    {flags & FLAG_ORPHAN
                      ? "(not in this trace)"
                      : flags & FLAG_CYCLE
                        ? "(loops back; shown as a root)"
                        : ""}
                  </span>
                </>
              ) : (
                <span className="muted">none (root)</span>
              )}
            </td>
          </tr>
          <tr>
            <td className="k">children</td>
            <td>
              {model.childCount[pos]!.toLocaleString("en")}
              {model.size[pos]! - 1 > model.childCount[pos]!
                ? ` (${(model.size[pos]! - 1).toLocaleString("en")} below)`
                : ""}
            </td>
          </tr>
        </tbody>
      </table>
      {span.redacted ? (
        <p className="notice" data-testid="span-redacted">
          This span ran in a container outside your scope: its attributes, events and links are not shown.
        </p>
      ) : (
        <SpanPivots span={span} index={model.order[pos]!} data={data} chrome={chrome} />
      )}
      <h3>Attributes</h3>
      <AttrTable attrs={span.attributes} testId="span-attributes" />
      <h3>Events ({span.events.length})</h3>
      <SpanEvents span={span} />
      <h3>Links ({span.links.length})</h3>
      <SpanLinks span={span} traceId={traceId} chrome={chrome} onSelectSpan={onSelectSpan} />
      <details open>
        <summary>
          <h3 style={{ display: "inline" }}>Resource ({Object.keys(span.resource).length})</h3>
        </summary>
        <AttrTable attrs={span.resource} testId="span-resource" />
      </details>
    </aside>
  );
}
