// Live tail: the server holds Loki's tail WebSocket (and its tenant header) and relays new
// lines to the browser as Server-Sent Events, batched, until the browser goes away.
import { type RefContext, withContainer } from "@/lib/server/container-route";
import { requireLogs, tailQuery } from "@/lib/server/logs";
import type { LogLine } from "@/lib/model/logs";
import { millis } from "@/lib/model/time";
import { tracePivot } from "@/lib/server/pivot-context";
import { ok } from "@/lib/server/respond";

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
    const pivot = await tracePivot();
    const enc = new TextEncoder();
    let closeTail = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const send = (event: string, data: string) => {
          if (open) controller.enqueue(enc.encode(`event: ${event}\ndata: ${data}\n\n`));
        };
        const end = () => {
          if (!open) return;
          open = false;
          clearInterval(ping);
          tail.close();
          controller.close();
        };
        // Line → trace, decided once for the whole stream.
        send("pivot", JSON.stringify(pivot));
        // A comment every 15 s keeps proxies from closing an idle stream.
        const ping = setInterval(() => open && controller.enqueue(enc.encode(": ping\n\n")), 15_000);
        // Start with the last minute so the view has context before new lines arrive.
        const tail = logs.tail(query.query, millis(Date.now() - 60_000), 200, {
          onFrame(frame) {
            if (frame.lines.length) send("lines", JSON.stringify(frame.lines satisfies LogLine[]));
            if (frame.dropped.length) send("dropped", String(frame.dropped.length));
          },
          onError(err) {
            send("tail-error", err.message);
          },
          onClose: end,
        });
        closeTail = end;
        req.signal.addEventListener("abort", end);
      },
      cancel() {
        closeTail();
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
