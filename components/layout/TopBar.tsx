import Link from "next/link";
import { HealthPills } from "./HealthPills";

export function TopBar({ demo }: { demo: boolean }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Sight<span>line</span>
      </Link>
      <nav>
        <Link href="/">Containers</Link>
        <Link href="/settings/correlation">Correlation</Link>
      </nav>
      {demo ? (
        <span className="badge demo" title="No backend is configured: Sightline is showing its built-in demo world">
          demo data
        </span>
      ) : null}
      <span className="spacer" />
      <HealthPills />
    </header>
  );
}
