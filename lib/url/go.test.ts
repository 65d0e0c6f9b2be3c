import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import { formatGoParams, type GoState, goRange, parseGoParams } from "./go";
import { absoluteTime, relativeTime } from "./time";
import type { ViewParseResult } from "./view";

const NOW = millis(Date.parse("2026-03-01T12:00:00Z"));
const T = (iso: string) => millis(Date.parse(iso));

function state(r: ViewParseResult<GoState>): GoState {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r.errors)}`);
  return r.state;
}
const parse = (q: string) => parseGoParams(new URLSearchParams(q), NOW);

describe("goParams", () => {
  it("keeps every alert label in the label map, known keys apart", () => {
    const s = state(
      parse(
        "name=cart-1&container=cart&container_name=cart&id=/docker/abc&container_label_com_docker_compose_service=cart" +
          "&com_docker_compose_service=cart&pod=cart-0&instance=host:8080&job=cadvisor&alertname=HighCPU&orgId=1" +
          "&startsAt=2026-03-01T10:00:00Z&endsAt=2026-03-01T11:00:00%2B01:00&traceId=A38C99F600DB6813",
      ),
    );
    expect(s).toEqual({
      labels: {
        name: "cart-1",
        container: "cart",
        container_name: "cart",
        id: "/docker/abc",
        container_label_com_docker_compose_service: "cart",
        com_docker_compose_service: "cart",
        pod: "cart-0",
        instance: "host:8080",
        job: "cadvisor",
        alertname: "HighCPU",
        orgId: "1",
      },
      startsAt: T("2026-03-01T10:00:00Z"),
      endsAt: T("2026-03-01T10:00:00Z"),
      traceId: "0000000000000000a38c99f600db6813",
      embed: false,
    });
  });
  it("reads Go's time.Time String() and treats the zero time as still firing (Alertmanager)", () => {
    const s = state(
      parse("name=x&startsAt=2026-03-01+10:00:00.123+%2B0000+UTC&endsAt=0001-01-01+00:00:00+%2B0000+UTC"),
    );
    expect(s.startsAt).toBe(T("2026-03-01T10:00:00.123Z"));
    expect(s.endsAt).toBeUndefined();
    expect(state(parse("name=x&endsAt=0001-01-01T00:00:00Z")).endsAt).toBeUndefined();
  });
  it("reports bad alert times with a corrected link that keeps the labels", () => {
    const r = parse("name=cart&startsAt=2026-03-01T10:00:00&endsAt=soon&orgId=1");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.param)).toEqual(["startsAt", "endsAt"]);
    expect(r.corrected).toBe("name=cart&startsAt=2026-03-01T10%3A00%3A00Z&orgId=1");
  });
  it("rejects endsAt before startsAt, also alongside other errors", () => {
    const r = parse("name=cart&startsAt=2026-03-01T10:00:00Z&endsAt=2026-03-01T09:00:00Z&theme=x");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.param).sort()).toEqual(["endsAt", "theme"]);
    expect(r.corrected).toBe("name=cart&startsAt=2026-03-01T10%3A00%3A00Z");
  });
  it("rejects relative alert times and over-long label values", () => {
    expect(parse("startsAt=now-1h").ok).toBe(false);
    const r = parse(`name=${"x".repeat(5000)}&job=a`);
    expect(r).toMatchObject({ ok: false, errors: [{ param: "name" }], corrected: "job=a" });
  });
  it("warns when there is nothing to match", () => {
    const r = parse("theme=dark");
    expect(r.ok && r.warnings).toEqual([{ param: "", message: "no labels to match" }]);
  });
  it("round-trips, labels sorted after the known keys", () => {
    const states: GoState[] = [
      { labels: { name: "cart-1" }, embed: false },
      { labels: { z: "1", a: `"<script>"\n`, "com.docker.compose.service": "ünï" }, embed: true, theme: "dark" },
      {
        labels: { container_label_app: "cart" },
        startsAt: T("2026-03-01T10:00:00.5Z"),
        endsAt: T("2026-03-01T11:00:00Z"),
        traceId: "2c4d87704d15565aa38c99f600db6813",
        spanId: "e0c15ebb24a7f0f8",
        tab: "logs",
        embed: false,
      },
      { labels: { job: "x" }, range: { from: relativeTime(-3_600_000), to: relativeTime(0) }, embed: false },
      {
        labels: { job: "x" },
        range: { from: absoluteTime(T("2026-03-01T09:00:00Z")), to: relativeTime(0) },
        embed: false,
      },
    ];
    for (const s of states) expect(state(parse(formatGoParams(s)))).toEqual(s);
    expect(formatGoParams(states[1]!)).toBe(
      "theme=dark&embed=1&a=%22%3Cscript%3E%22%0A&com.docker.compose.service=%C3%BCn%C3%AF&z=1",
    );
  });
});

describe("goRange", () => {
  const base: GoState = { labels: { name: "x" }, embed: false };
  it("pads a resolved alert by 15 minutes each side", () => {
    expect(goRange({ ...base, startsAt: T("2026-03-01T10:00:00Z"), endsAt: T("2026-03-01T10:30:00Z") }, NOW)).toEqual({
      from: absoluteTime(T("2026-03-01T09:45:00Z")),
      to: absoluteTime(T("2026-03-01T10:45:00Z")),
    });
  });
  it("follows a firing alert up to now", () => {
    expect(goRange({ ...base, startsAt: T("2026-03-01T10:00:00Z") }, NOW)).toEqual({
      from: absoluteTime(T("2026-03-01T09:45:00Z")),
      to: relativeTime(0),
    });
  });
  it("caps a long-firing alert at 90 days and prefers an explicit range", () => {
    const r = goRange({ ...base, startsAt: T("2025-01-01T00:00:00Z") }, NOW);
    expect(r?.from).toEqual(absoluteTime(NOW - 90 * 86_400_000));
    const explicit = { from: relativeTime(-7_200_000), to: relativeTime(0) };
    expect(goRange({ ...base, startsAt: T("2026-03-01T10:00:00Z"), range: explicit }, NOW)).toBe(explicit);
    expect(goRange(base, NOW)).toBeUndefined();
  });
});
