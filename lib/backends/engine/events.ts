// `GET /events` is NDJSON (sent as application/json), possibly an empty body. Each line is
// validated on its own so an error names the line and the field.
import type { ContainerEvent } from "../../model/container";
import { parseJsonText } from "../http";
import { parseWith } from "../zod-error";
import { eventSchema } from "./schemas";
import { toEvent } from "./to-model";

/** Container events, or with `type: "pod"` Podman's pod events (the pod's id in containerId). */
export function parseEvents(text: string, what: string, type: "container" | "pod" = "container"): ContainerEvent[] {
  const out: ContainerEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const where = `${what} line ${i + 1}`;
    const ev = toEvent(parseWith("engine", where, eventSchema, parseJsonText("engine", line, where)), type);
    if (ev) out.push(ev);
  }
  return out;
}
