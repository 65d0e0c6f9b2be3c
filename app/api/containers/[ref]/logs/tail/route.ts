// Live tail: the server holds Loki's tail WebSocket (and its tenant header) and relays new
// lines to the browser as Server-Sent Events. One Loki tail per distinct query is shared by
// every browser watching it (lib/server/tail-hub: caps, bounded queues, reconnect without
// duplicates, final errors). The line → trace pivot is decided once and sent first.
import { millis } from "@/lib/model/time";
import { clientKey } from "@/lib/server/client-key";
import { type RefContext, withContainer } from "@/lib/server/container-route";
import { tracePatterns, withTracePatterns } from "@/lib/server/log-lines";
import { requireLogs, tailQuery } from "@/lib/server/logs";
import { tracePivot } from "@/lib/server/pivot-context";
import { ok } from "@/lib/server/respond";
import { tailHub } from "@/lib/server/tail-hub";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b, sp) => {
    const logs = requireLogs(b);
    const q = sp.get("q");
    const query = await tailQuery(
      b,
      c,
      q ? { text: q, mode: sp.get("qmode") === "regex" ? "regex" : "substring" } : undefined,
    );
    if ("reason" in query) return ok({ error: { kind: "reason", message: query.reason } }, { status: query.status });
    const [patterns, pivot] = await Promise.all([tracePatterns(), tracePivot()]);
    const r = tailHub().subscribe({
      key: query.query,
      // The per-client cap counts the identity (access control on) or the address (lib/server/client-key).
      client: clientKey(req.headers),
      lastEventId: req.headers.get("last-event-id") ?? sp.get("lastEventId"),
      // Start with the last minute so the view has context before new lines arrive.
      open: (handlers) => logs.tail(query.query, millis(Date.now() - 60_000), 200, handlers),
      transform: (lines) => withTracePatterns(lines, patterns),
      preamble: [{ event: "pivot", data: JSON.stringify(pivot) }],
      signal: req.signal,
    });
    if (!r.ok) return ok({ error: { kind: "busy", message: r.message } }, { status: r.status });
    return new Response(r.stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
