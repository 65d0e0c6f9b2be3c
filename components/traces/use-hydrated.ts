"use client";
// False while React renders on the server and hydrates that HTML, true afterwards: what the
// server cannot know (the viewer's time zone) or cannot do (handle a click) waits for it.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
