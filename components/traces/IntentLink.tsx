"use client";
// A next/link that prefetches its page only when the person shows an intent to follow it
// (the pointer enters it, or it gets focus), never because it scrolled into view.
// The trace page shows many links to container pages (two per container chip, two per span
// detail); Next's viewport prefetch turned every one of them into two server renders of a
// dynamic page as soon as it appeared, and those renders queued in front of the span detail
// the person had just asked for (one Node thread serves both).
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";
import { useCallback, useRef } from "react";

type Props = Omit<ComponentProps<typeof Link>, "href" | "prefetch"> & { href: string };

export function IntentLink({ href, onPointerEnter, onFocus, ...rest }: Props) {
  const router = useRouter();
  const done = useRef<string | null>(null);
  const intent = useCallback(() => {
    if (done.current === href) return;
    done.current = href;
    router.prefetch(href);
  }, [router, href]);
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onPointerEnter={(e) => {
        intent();
        onPointerEnter?.(e);
      }}
      onFocus={(e) => {
        intent();
        onFocus?.(e);
      }}
    />
  );
}
