import Link from "next/link";
import { HealthPills } from "./HealthPills";

/** Who is signed in (auth on): name, and a sign-out form for OIDC sessions. */
export interface Viewer {
  name: string;
  via: "proxy" | "oidc" | "link";
  admin: boolean;
}

export function TopBar({ demo, viewer }: { demo: boolean; viewer?: Viewer }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Sight<span>line</span>
      </Link>
      <nav>
        <Link href="/">Containers</Link>
        {viewer && !viewer.admin ? null : <Link href="/settings/correlation">Correlation</Link>}
      </nav>
      {demo ? (
        <span className="badge demo" title="No backend is configured: Sightline is showing its built-in demo world">
          demo data
        </span>
      ) : null}
      <span className="spacer" />
      <HealthPills />
      {viewer ? (
        <span className="row muted" data-testid="viewer">
          <span data-testid="viewer-name">{viewer.name}</span>
          {viewer.via === "oidc" ? (
            <form method="post" action="/auth/logout">
              <button type="submit" data-testid="logout">
                Sign out
              </button>
            </form>
          ) : null}
        </span>
      ) : null}
    </header>
  );
}
