import { headers } from "next/headers";
import { CorrelationView } from "@/components/settings/CorrelationView";
import { accessFor } from "@/lib/server/auth/access";

export const dynamic = "force-dynamic";

export default async function CorrelationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = accessFor(await headers(), "/settings/correlation", "/settings/correlation");
  access.audit(access.identity.admin ? 200 : 403);
  if (!access.identity.admin) {
    return (
      <section className="panel" data-testid="admin-only">
        <h1>The correlation settings are for admins</h1>
        <p className="muted">Ask for an admin group in Sightline&apos;s policy file (SIGHTLINE_POLICY_FILE).</p>
      </section>
    );
  }
  const sp = await searchParams;
  const c = typeof sp.container === "string" ? sp.container : undefined;
  return <CorrelationView containerRef={c} />;
}
