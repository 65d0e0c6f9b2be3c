// Small self-contained HTML pages the gate answers with (401, 421, login errors): no
// scripts, no data, a strict CSP, nothing cached.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

import { getConfig } from "../../config";
import { formAction } from "./security-headers";

const pageCsp = () =>
  `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; ${formAction(getConfig())}; frame-ancestors *`;

export function authPage(status: number, title: string, bodyHtml: string, extraHeaders: Record<string, string> = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Sightline</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:2rem;color:#1d2330;background:#f6f7f9}@media (prefers-color-scheme:dark){body{color:#dfe3ea;background:#12151b}}main{max-width:40rem}h1{font-size:1.3rem}a{color:inherit}</style></head><body><main data-testid="auth-page" data-status="${status}"><h1>${escapeHtml(title)}</h1>${bodyHtml}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": pageCsp(),
      "X-Content-Type-Options": "nosniff",
      ...extraHeaders,
    },
  });
}
