"use client";
// Every panel asks for the same lifecycle (one request per range, shared by react-query).
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { TimeRange } from "@/lib/model/time";
import { lifecycleQuery } from "@/lib/queries/keys";
import { logSeparators } from "../logs/lifecycle-separators";
import { lifecycleMarkers } from "../metrics/lifecycle-markers";

export function useLifecycleMarkers(ref: string, range: TimeRange) {
  const { data } = useQuery(lifecycleQuery(ref, range));
  return useMemo(() => lifecycleMarkers(data), [data]);
}

export function useLogSeparators(ref: string, range: TimeRange) {
  const { data } = useQuery(lifecycleQuery(ref, range));
  return useMemo(() => logSeparators(data), [data]);
}
