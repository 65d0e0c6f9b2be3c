import { CorrelationView } from "@/components/settings/CorrelationView";

export const dynamic = "force-dynamic";

export default async function CorrelationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const c = typeof sp.container === "string" ? sp.container : undefined;
  return <CorrelationView containerRef={c} />;
}
