// Bench-only: N series × P points through the real EChart wrapper and timeSeriesOption, with the
// data generated in the browser, so `npm run bench` can time "chart rendered" without a backend.
import { intParam, requireBench } from "../bench-gate";
import { ChartBench } from "./ChartBench";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ChartBenchPage({ searchParams }: Props) {
  requireBench();
  const sp = await searchParams;
  return <ChartBench series={intParam(sp.series, 10, 1, 200)} points={intParam(sp.points, 11_000, 2, 200_000)} />;
}
