// Search results (positions from the server) → what the rows show (lib/trace-wire/rows.ts).
export { matchMask, matchSet } from "@/lib/trace-wire/rows";
