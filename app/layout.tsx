import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { TopBar } from "@/components/layout/TopBar";
import { getConfig } from "@/lib/config";
import { identityOf } from "@/lib/server/auth/identity";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Sightline",
  description: "A container's metrics, logs and traces on one time axis",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const h = await headers();
  const theme = h.get("x-sightline-theme") ?? "system";
  const embed = h.get("x-sightline-embed") === "1";
  const demo = getConfig().demo;
  const who = identityOf(h);
  const viewer = who.via === "none" ? undefined : { name: who.user ?? who.id, via: who.via, admin: who.admin };
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme} suppressHydrationWarning>
      <body>
        <Providers>
          {embed ? null : <TopBar demo={demo} viewer={viewer} />}
          <main className={embed ? "embed" : undefined}>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
