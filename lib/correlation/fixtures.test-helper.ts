// Test-only: read the recorded responses in ../shared/fixtures and pick the fields the
// correlation tests need, through minimal zod schemas.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type Container, composeOf } from "../model/container";

const root = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));

function read<T>(path: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(readFileSync(root + path, "utf8")));
}

const envelope = <T extends z.ZodType>(data: T) => z.object({ status: z.literal("success"), data });
const labelSet = z.record(z.string(), z.string());

export const promLabelNames = () => read("prometheus-2.42/labels.json", envelope(z.array(z.string()))).data;
export const promNameValues = () => read("prometheus-2.42/label_name_values.json", envelope(z.array(z.string()))).data;
export const promSeries = () => read("prometheus-2.42/series.json", envelope(z.array(labelSet))).data;
export const promExemplars = () =>
  read(
    "prometheus-2.42/query_exemplars.json",
    envelope(
      z.array(
        z.object({
          seriesLabels: labelSet,
          exemplars: z.array(z.object({ labels: labelSet, value: z.string(), timestamp: z.number() })),
        }),
      ),
    ),
  ).data;

export const lokiLabelNames = () => read("loki-2.8/labels.json", envelope(z.array(z.string()))).data;
export const lokiContainerValues = () =>
  read("loki-2.8/label_container_values.json", envelope(z.array(z.string()))).data;
export const lokiSeries = () => read("loki-2.8/series.json", envelope(z.array(labelSet))).data;
export const lokiTraceIdStreams = () =>
  read(
    "loki-2.8/query_range_line_filter_trace_id.json",
    envelope(
      z.object({
        resultType: z.literal("streams"),
        result: z.array(z.object({ stream: labelSet, values: z.array(z.tuple([z.string(), z.string()])) })),
      }),
    ),
  ).data.result;

const podmanList = z.array(
  z.object({
    Id: z.string(),
    Names: z.array(z.string()),
    Image: z.string(),
    Labels: z.record(z.string(), z.string()).nullable(),
  }),
);

export type FixtureContainer = Pick<Container, "id" | "shortId" | "name" | "image" | "labels" | "compose" | "source">;

/** The four containers of the recorded scenario, as the engine adapter would model them. */
export function podmanContainers(): FixtureContainer[] {
  return read("podman-4.3/containers_json_all.json", podmanList).map((c) => {
    const labels = c.Labels ?? {};
    const compose = composeOf(labels);
    return {
      id: c.Id,
      shortId: c.Id.slice(0, 12),
      name: (c.Names[0] ?? "").replace(/^\//, ""),
      image: c.Image,
      labels,
      ...(compose ? { compose } : {}),
      source: "engine" as const,
    };
  });
}

export function fixtureContainer(name: string): FixtureContainer {
  const c = podmanContainers().find((x) => x.name === name);
  if (!c) throw new Error(`no fixture container ${name}`);
  return c;
}
