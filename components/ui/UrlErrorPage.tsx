import Link from "next/link";
import type { ParamError } from "@/lib/url/params";

/** Bad deep-link input: say which parameter was wrong, offer the corrected link. Never a crash. */
export function UrlErrorPage({ path, errors, corrected }: { path: string; errors: ParamError[]; corrected: string }) {
  const href = `${path}${corrected ? `?${corrected}` : ""}`;
  return (
    <section className="panel" data-testid="url-error" style={{ maxWidth: 820 }}>
      <h1>This link has a parameter Sightline cannot read</h1>
      <ul>
        {errors.map((e) => (
          <li key={e.param}>
            <strong className="mono">{e.param}</strong>
            {e.got !== undefined ? (
              <>
                {" "}
                = <span className="mono">{JSON.stringify(e.got)}</span>
              </>
            ) : null}
            : {e.message}
          </li>
        ))}
      </ul>
      <p>
        Corrected link:{" "}
        <Link href={href} data-testid="corrected-link" className="mono">
          {href}
        </Link>
      </p>
    </section>
  );
}
