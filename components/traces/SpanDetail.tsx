"use client";
// The selected span: identity, timing, status, pivots to its container, then every attribute,
// event (exceptions first-class), link and resource attribute, all rendered as text.
import { useQuery } from "@tanstack/react-query";
import { formatClock } from "@/lib/model/format";
import { micros, microsToMillis, type TimeRange } from "@/lib/model/time";
import { spanQuery } from "@/lib/queries/trace-keys";
import type { ChromeState } from "@/lib/url/state";
import { PanelError, PanelLoading } from "../ui/PanelState";
import { AttrTable, SpanEvents, SpanLinks } from "./SpanAttributes";
import { SpanPivots } from "./SpanPivots";
import { formatOffset } from "./time-axis";
import {
  FLAG_CYCLE,
  FLAG_ORPHAN,
  kindAt,
  nameAt,
  serviceAt,
  spanIdAt,
  statusAt,
  statusMessageAt,
  type WaterfallModel,
} from "./waterfall-model";

interface Props {
  /** The model holding the span's row, and the row's index there. */
  model: WaterfallModel;
  at: number;
  /** The span's position in the whole trace. */
  pos: number;
  /** The span ID at a whole-trace position, when the browser has that row (the parent's). */
  spanIdOf(pos: number): string | undefined;
  traceId: string;
  range?: TimeRange;
  chrome: ChromeState;
  onSelectSpan(spanId: string): void;
  onClose(): void;
  colorOf(service: string): string;
}

/**
 * What the columns hold shows at once, the span's pivots too (its container index and the
 * containers table ride in the columns); attributes, events, links and the resource come from
 * the server (GET /api/traces/{id}/spans/{spanId}).
 */
export function SpanDetail({
  model,
  at,
  pos,
  spanIdOf,
  traceId,
  range,
  chrome,
  onSelectSpan,
  onClose,
  colorOf,
}: Props) {
  const spanId = at >= 0 && at < model.n ? spanIdAt(model, at) : undefined;
  const q = useQuery(spanQuery(traceId, spanId, range, { pos, version: model.version }));
  if (spanId === undefined) return null;
  const full = q.data?.span;
  const service = serviceAt(model, at);
  const status = statusAt(model, at);
  const statusMessage = statusMessageAt(model, at);
  const parentPos = model.parentPos[at]!;
  // A huge trace's parent row may be in no window here: the server's detail names it.
  const parentSpanId =
    parentPos >= 0 ? (spanIdOf(parentPos) ?? full?.parentSpanId) : (model.orphanParents[at] ?? full?.parentSpanId);
  const flags = model.flags[at]!;
  const error = status === "error";
  const start = micros(model.traceStart + model.offset[at]!);
  return (
    <aside className="panel span-detail" data-testid="span-detail" data-span-id={spanId} aria-label="Span detail">
      <div className="row" style={{ justifyContent: "space-between", flexWrap: "nowrap", alignItems: "flex-start" }}>
        <h2>
          <span className="wf-dot" style={{ background: colorOf(service) }} />
          <span data-testid="span-detail-service">{service || "?"}</span>
          <span className="muted">·</span>
          <span data-testid="span-detail-name">{nameAt(model, at)}</span>
          <span className="wf-kind">{kindAt(model, at)}</span>
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
              {status}
              {statusMessage ? `: ${statusMessage}` : ""}
            </td>
          </tr>
          <tr>
            <td className="k">start</td>
            <td className="mono">
              +{formatOffset(model.offset[at]!)}{" "}
              <span className="muted">({formatClock(microsToMillis(start), { ms: true })})</span>
            </td>
          </tr>
          <tr>
            <td className="k">duration</td>
            <td className="mono" data-testid="span-detail-duration">
              {formatOffset(model.duration[at]!)}
            </td>
          </tr>
          <tr>
            <td className="k">span ID</td>
            <td className="mono" data-testid="span-detail-id">
              {spanId}
            </td>
          </tr>
          <tr>
            <td className="k">parent</td>
            <td className="mono">
              {parentPos >= 0 && parentSpanId ? (
                <button type="button" className="linkish mono" onClick={() => onSelectSpan(parentSpanId)}>
                  {parentSpanId}
                </button>
              ) : parentSpanId ? (
                <>
                  {parentSpanId}{" "}
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
              {model.childCount[at]!.toLocaleString("en")}
              {model.size[at]! - 1 > model.childCount[at]!
                ? ` (${(model.size[at]! - 1).toLocaleString("en")} below)`
                : ""}
            </td>
          </tr>
        </tbody>
      </table>
      <SpanPivots model={model} at={at} chrome={chrome} />
      {full?.redacted ? (
        <p className="notice" data-testid="span-redacted">
          This span ran in a container outside your scope: its attributes, events and links are not shown.
        </p>
      ) : full ? (
        <div data-testid="span-detail-full">
          <h3>Attributes</h3>
          <AttrTable attrs={full.attributes} testId="span-attributes" />
          <h3>Events ({full.events.length})</h3>
          <SpanEvents span={full} />
          <h3>Links ({full.links.length})</h3>
          <SpanLinks span={full} traceId={traceId} chrome={chrome} onSelectSpan={onSelectSpan} />
          <details open>
            <summary>
              <h3 style={{ display: "inline" }}>Resource ({Object.keys(full.resource).length})</h3>
            </summary>
            <AttrTable attrs={full.resource} testId="span-resource" />
          </details>
        </div>
      ) : q.isError ? (
        <PanelError error={q.error} what={`span ${spanId}`} onRetry={() => void q.refetch()} />
      ) : (
        <PanelLoading height={160} />
      )}
    </aside>
  );
}
