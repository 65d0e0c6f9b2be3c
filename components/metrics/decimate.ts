// Pixel-column decimation of a line's points before ECharts sees them: the lowest and the highest
// point of every pixel column, in their original order (min/max decimation). Every spike and
// every dip stays drawn at its own pixel column (LTTB keeps one point per bucket and can drop a
// spike next to a dip), while ECharts ingests and draws at most 2 points per column instead of
// 11,000 a series. `ends` also keeps each column's first and last point (M4): the polyline
// then rasterises to exactly the pixels of the full one, at up to 4 points per column.

// It reads the panel's [t, v] points as they came from the API (no full-size copy first: that
// copy was as costly as the decimation) and writes ECharts' typed array: ECharts deep-clones
// every option it is given except typed arrays, and fills its column store from one in a pass.

export type Points = readonly (readonly [number, number | null])[];

/** [t, v] points as one flat Float64Array (t0, v0, t1, v1, …), null as NaN (a gap: ECharts breaks a line at NaN). */
export function pointsXY(points: Points): Float64Array {
  const out = new Float64Array(points.length * 2);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1] ?? Number.NaN;
  }
  return out;
}

let scratch = new Float64Array(0);

/**
 * Decimate [t, v] points (t ascending, null or NaN value = a gap) to the min and max (and with
 * `ends`, the first and last) point of each pixel column of the time window [from, to] drawn
 * `columns` pixels wide, as a flat Float64Array (t0, v0, t1, v1, …; a gap as NaN). Gaps are
 * kept (one NaN point per run of them), points outside the window get their own columns. Small
 * inputs are only converted.
 */
export function decimate(points: Points, from: number, to: number, columns: number, ends = false): Float64Array {
  const n = points.length;
  const cols = Math.max(1, Math.floor(columns));
  if (n <= cols * (ends ? 4 : 2) || !(to > from)) return pointsXY(points);
  const span = to - from;
  // Every input point is emitted at most once: a scratch buffer twice as long as the input suffices.
  if (scratch.length < 2 * n) scratch = new Float64Array(2 * n);
  const out = scratch;
  let len = 0;
  // What the bucket's points were, to write them when it closes.
  let firstT = 0;
  let firstV = 0;
  let minT = 0;
  let maxT = 0;
  let lastT = 0;
  let lastV = 0;

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
    let t = 0;
    let v = 0;
    let c = 0;
    const end = i === n;
    if (!end) {
      const p = points[i]!;
      t = p[0];
      v = p[1] ?? Number.NaN;
      if (!Number.isNaN(v)) {
        c = Math.floor(((t - from) * cols) / span);
        if (first >= 0 && c === col) {
          if (v < minV) {
            minV = v;
            min = i;
            minT = t;
          } else if (v > maxV) {
            maxV = v;
            max = i;
            maxT = t;
          }
          last = i;
          lastT = t;
          lastV = v;
          continue;
        }
      }
    }
    // Close the open bucket: its points in time order, each once.
    if (first >= 0) {
      const minFirst = min < max;
      const b = minFirst ? min : max;
      const d = minFirst ? max : min;
      if (ends && first !== b) {
        out[len++] = firstT;
        out[len++] = firstV;
      }
      out[len++] = minFirst ? minT : maxT;
      out[len++] = minFirst ? minV : maxV;
      if (d !== b) {
        out[len++] = minFirst ? maxT : minT;
        out[len++] = minFirst ? maxV : minV;
      }
      if (ends && last !== d) {
        out[len++] = lastT;
        out[len++] = lastV;
      }
      first = -1;
    }
    if (end) break;
    if (Number.isNaN(v)) {
      // NaN: a gap, kept once per run.
      if (!inGap) {
        out[len++] = t;
        out[len++] = v;
      }
      inGap = true;
      continue;
    }
    inGap = false;
    col = c;
    first = min = max = last = i;
    firstT = minT = maxT = lastT = t;
    firstV = minV = maxV = lastV = v;
  }
  return out.slice(0, len);
}
