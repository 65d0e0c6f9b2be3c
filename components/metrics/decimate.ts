// Pixel-column decimation of a line's points before ECharts sees them (M4: first, min, max and
// last point of every pixel column, in their original order). A polyline through those points
// rasterises to the same pixels as the polyline through all of them, so every spike and dip
// stays visible (unlike LTTB, which keeps one point per bucket and can drop a spike next to a
// dip), while ECharts ingests and draws at most 4 points per column instead of 11,000 a series.

let scratch = new Float64Array(0);

/**
 * Decimate flat [t0, v0, t1, v1, …] points (t ascending, NaN value = a gap) to at most four
 * points per pixel column of the time window [from, to] drawn `columns` pixels wide. Gaps are
 * kept (one NaN point per run of NaNs), points outside the window get their own columns.
 * Returns the input itself when it is already small enough.
 */
export function decimateM4(xy: Float64Array, from: number, to: number, columns: number): Float64Array {
  const n = xy.length >> 1;
  const cols = Math.max(1, Math.floor(columns));
  if (n <= cols * 4 || !(to > from)) return xy;
  const span = to - from;
  // Every input point is emitted at most once: a scratch buffer as long as the input suffices.
  if (scratch.length < xy.length) scratch = new Float64Array(xy.length);
  const out = scratch;
  let len = 0;
  const emit = (i: number) => {
    out[len++] = xy[2 * i]!;
    out[len++] = xy[2 * i + 1]!;
  };

  // The open bucket: indices of its first, min, max and last points (-1 = empty).
  let col = Number.NaN;
  let first = -1;
  let min = -1;
  let max = -1;
  let last = -1;
  let inGap = false;
  const flush = () => {
    if (first < 0) return;
    // The (up to) four points in time order, each once.
    const a = first;
    const b = Math.min(min, max);
    const c = Math.max(min, max);
    const d = last;
    emit(a);
    if (b !== a) emit(b);
    if (c !== b && c !== a) emit(c);
    if (d !== c && d !== b && d !== a) emit(d);
    first = -1;
  };

  for (let i = 0; i < n; i++) {
    const v = xy[2 * i + 1]!;
    if (Number.isNaN(v)) {
      flush();
      if (!inGap) emit(i);
      inGap = true;
      col = Number.NaN;
      continue;
    }
    inGap = false;
    const c = Math.floor(((xy[2 * i]! - from) * cols) / span);
    if (c !== col || first < 0) {
      flush();
      col = c;
      first = min = max = last = i;
      continue;
    }
    if (v < xy[2 * min + 1]!) min = i;
    if (v > xy[2 * max + 1]!) max = i;
    last = i;
  }
  flush();
  return out.slice(0, len);
}
