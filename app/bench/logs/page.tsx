// Bench-only: one fetch of N log lines through Sightline's own API into the real LogList, so
// `npm run bench` can time "list rendered" for 1,000 / 5,000 lines and scroll through them.
import { requireBench } from "../bench-gate";
import { LogsBench } from "./LogsBench";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LogsBenchPage({ searchParams }: Props) {
  requireBench();
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  return <LogsBench containerRef={one(sp.ref)} from={one(sp.from)} to={one(sp.to)} />;
}
