// Pixel-column decimation of a line's points before ECharts sees them: the lowest and the highest
// point of every pixel column, in their original order (min/max decimation). Every spike and
// every dip stays drawn at its own pixel column (LTTB keeps one point per bucket and can drop a
// spike next to a dip), while ECharts ingests and draws at most 2 points per column instead of
// 11,000 a series. `ends` also keeps each column's first and last point (M4): the polyline
// then rasterises to exactly the pixels of the full one, at up to 4 points per column.

let scratch = new Float64Array(0);

/**
 * Decimate flat [t0, v0, t1, v1, …] points (t ascending, NaN value = a gap) to the min and max
 * (and with `ends`, the first and last) point of each pixel column of the time window
 * [from, to] drawn `columns` pixels wide. Gaps are kept (one NaN point per run of NaNs), points
 * outside the window get their own columns. Returns the input itself when it is already small.
 */
export function decimate(xy: Float64Array, from: number, to: number, columns: number, ends = false): Float64Array {
  const n = xy.length >> 1;
  const cols = Math.max(1, Math.floor(columns));
  if (n <= cols * (ends ? 4 : 2) || !(to > from)) return xy;
  const span = to - from;
  // Every input point is emitted at most once: a scratch buffer as long as the input suffices.
  if (scratch.length < xy.length) scratch = new Float64Array(xy.length);
  const out = scratch;
  let len = 0;

  // The open bucket: indices of its first, min, max and last points (first < 0 = none open).
  let col = 0;
  let first = -1;
  let min = 0;
  let max = 0;
  let minV = 0;
  let maxV = 0;
  let last = 0;
  let inGap = false;
  for (let i = 0; i <= n; i++) {
    let v = 0;
    let c = 0;
    const end = i === n;
    if (!end) {
      v = xy[2 * i + 1]!;
      if (!Number.isNaN(v)) {
        c = Math.floor(((xy[2 * i]! - from) * cols) / span);
        if (first >= 0 && c === col) {
          if (v < minV) {
            minV = v;
            min = i;
          } else if (v > maxV) {
            maxV = v;
            max = i;
          }
          last = i;
          continue;
        }
      }
    }
    // Close the open bucket: its points in time order, each once.
    if (first >= 0) {
      const b = min < max ? min : max;
      const d = min < max ? max : min;
      if (ends && first !== b) {
        out[len++] = xy[2 * first]!;
        out[len++] = xy[2 * first + 1]!;
      }
      out[len++] = xy[2 * b]!;
      out[len++] = xy[2 * b + 1]!;
      if (d !== b) {
        out[len++] = xy[2 * d]!;
        out[len++] = xy[2 * d + 1]!;
      }
      if (ends && last !== d) {
        out[len++] = xy[2 * last]!;
        out[len++] = xy[2 * last + 1]!;
      }
      first = -1;
    }
    if (end) break;
    if (Number.isNaN(v)) {
      // NaN: a gap, kept once per run.
      if (!inGap) {
        out[len++] = xy[2 * i]!;
        out[len++] = v;
      }
      inGap = true;
      continue;
    }
    inGap = false;
    col = c;
    first = min = max = last = i;
    minV = maxV = v;
  }
  return out.slice(0, len);
}
