// Paints the line layer (line-layer.ts): a chart's lines on a canvas of its own under ECharts'
// canvas, for the axes ECharts laid out. Loaded with ECharts (echarts-setup.ts re-exports it):
// nothing here is needed before a chart draws.
import type { PlotLine } from "./line-layer";

/** Where the plot is (chart px) and how time and value map to it: px = a + b × value. */
export interface PlotMap {
  rect: { x: number; y: number; width: number; height: number };
  x: { a: number; b: number };
  /** Per y axis index. */
  y: readonly ({ a: number; b: number } | undefined)[];
}

/** Traces the line's runs (broken at gaps) into the current path; with `base`, closed down to it. */
function trace(
  ctx: CanvasRenderingContext2D,
  xy: Float64Array,
  ax: number,
  bx: number,
  ay: number,
  by: number,
  base?: number,
) {
  let open = false;
  let lastX = 0;
  for (let i = 0; i < xy.length; i += 2) {
    const v = xy[i + 1]!;
    if (Number.isNaN(v)) {
      if (open && base !== undefined) ctx.lineTo(lastX, base);
      open = false;
      continue;
    }
    const x = ax + bx * xy[i]!;
    const y = ay + by * v;
    if (open) ctx.lineTo(x, y);
    else if (base !== undefined) {
      ctx.moveTo(x, base);
      ctx.lineTo(x, y);
    } else ctx.moveTo(x, y);
    open = true;
    lastX = x;
  }
  if (open && base !== undefined) ctx.lineTo(lastX, base);
}

/**
 * Draws the lines clipped to the plot (as ECharts clips a line to its grid, half a line width
 * out): every area first, then every line in series order (ECharts draws areas under lines).
 * The context is in chart px (the caller scales for the device pixel ratio).
 */
export function drawLines(ctx: CanvasRenderingContext2D, lines: readonly PlotLine[], map: PlotMap): void {
  const { rect } = map;
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2);
  ctx.clip();
  for (const l of lines) {
    const y = map.y[l.yAxisIndex];
    if (l.area === undefined || !y) continue;
    // The area reaches down to value 0 (our value axes start at 0), or the plot's edge.
    const base = Math.min(Math.max(y.a, rect.y), rect.y + rect.height);
    ctx.globalAlpha = l.area;
    ctx.fillStyle = l.color;
    ctx.beginPath();
    trace(ctx, l.xy, map.x.a, map.x.b, y.a, y.b, base);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  ctx.lineJoin = "bevel";
  ctx.lineCap = "butt";
  for (const l of lines) {
    const y = map.y[l.yAxisIndex];
    if (!y) continue;
    ctx.strokeStyle = l.color;
    ctx.lineWidth = l.width;
    ctx.setLineDash(l.dash ?? []);
    ctx.beginPath();
    trace(ctx, l.xy, map.x.a, map.x.b, y.a, y.b);
    ctx.stroke();
  }
  ctx.restore();
}

/** The part of an ECharts instance the layer reads: where the axes landed. */
export interface LaidOutChart {
  convertToPixel(finder: { xAxisIndex: number } | { yAxisIndex: number }, value: number): unknown;
  getWidth(): number;
  getHeight(): number;
}

/**
 * How the lines map to the chart as ECharts laid it out: the x axis over the time window, each
 * y axis the lines use (a linear value axis), the plot between the x axis' ends and from the
 * grid's top to value 0's row (our value axes start at 0). Undefined before a layout.
 */
export function plotMap(
  c: LaidOutChart,
  win: [number, number],
  lines: readonly PlotLine[],
  top: number,
): PlotMap | undefined {
  const px = (finder: { xAxisIndex: number } | { yAxisIndex: number }, v: number) => {
    const p = c.convertToPixel(finder, v);
    return typeof p === "number" && Number.isFinite(p) ? p : Number.NaN;
  };
  const x0 = px({ xAxisIndex: 0 }, win[0]);
  const x1 = px({ xAxisIndex: 0 }, win[1]);
  if (!(x1 > x0)) return undefined;
  const bx = (x1 - x0) / (win[1] - win[0]);
  const y: { a: number; b: number }[] = [];
  let bottom = top;
  for (const l of lines) {
    if (y[l.yAxisIndex]) continue;
    const a = px({ yAxisIndex: l.yAxisIndex }, 0);
    const b = px({ yAxisIndex: l.yAxisIndex }, 1) - a;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
    y[l.yAxisIndex] = { a, b };
    bottom = Math.max(bottom, a);
  }
  return { rect: { x: x0, y: top, width: x1 - x0, height: bottom - top }, x: { a: x0 - bx * win[0], b: bx }, y };
}

/** Whether two maps draw the same pixels. */
function sameMap(a: PlotMap, b: PlotMap): boolean {
  const r = a.rect;
  const s = b.rect;
  if (r.x !== s.x || r.y !== s.y || r.width !== s.width || r.height !== s.height) return false;
  if (a.x.a !== b.x.a || a.x.b !== b.x.b || a.y.length !== b.y.length) return false;
  return a.y.every((p, i) => p?.a === b.y[i]?.a && p?.b === b.y[i]?.b);
}

const painted = new WeakMap<HTMLCanvasElement, { lines: readonly PlotLine[]; map?: PlotMap; w: number; h: number }>();

/**
 * Paints the lines on `canvas` (chart-sized, under ECharts' canvas) for the map ECharts' layout
 * gives, unless it already shows exactly that: ECharts finishes a frame for other reasons too
 * (a hovered point), and a redraw of 100,000 points for nothing would cost a frame.
 */
export function paintLayer(canvas: HTMLCanvasElement, lines: readonly PlotLine[], map: PlotMap | undefined): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(canvas.clientWidth * dpr);
  const h = Math.round(canvas.clientHeight * dpr);
  const last = painted.get(canvas);
  if (
    last &&
    last.lines === lines &&
    last.w === w &&
    last.h === h &&
    (last.map === map || (last.map && map && sameMap(last.map, map)))
  )
    return;
  painted.set(canvas, { lines, map, w, h });
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (!map || !lines.length) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawLines(ctx, lines, map);
}
