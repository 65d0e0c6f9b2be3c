// The shop's traffic. A checkout starts in every 2 s slot and a product lookup in every
// other second. What happens to a request (fails? 404?) depends only on its position in
// the 20-minute cycle, so per-cycle tables give O(1) counts; IDs, jitter and durations
// hash the absolute slot so no two requests look alike.
import { hash, hash01, hex8, permute32, sub, sub01, unpermute32 } from "./prng";
import { CYCLE_MS, INCIDENT_MS, type Schedule } from "./schedule";

export const REQ_SLOT_MS = 2000;
export const SLOTS_PER_CYCLE = CYCLE_MS / REQ_SLOT_MS;
export const INCIDENT_SLOTS = INCIDENT_MS / REQ_SLOT_MS;
/** Every span and log line of slot k ends before slotStart(k) + this. */
export const REQUEST_MAX_LAG_MS = 8000;
export const FAIL_RATIO = 0.4;

export const KIND_CHECKOUT = 1;
export const KIND_PRODUCTS = 2;
export type RequestKind = typeof KIND_CHECKOUT | typeof KIND_PRODUCTS;

export interface RequestWorld {
  seed: number;
  schedule: Schedule;
  /** 1 where the checkout at this cycle position fails (inside the incident only). */
  fail: Uint8Array;
  /** 1 where the product request is GET /api/products/:id. */
  productItem: Uint8Array;
  /** 1 where that item lookup answers 404. */
  productMissing: Uint8Array;
}

export function makeRequestWorld(seed: number, schedule: Schedule): RequestWorld {
  const fail = new Uint8Array(SLOTS_PER_CYCLE);
  const productItem = new Uint8Array(SLOTS_PER_CYCLE);
  const productMissing = new Uint8Array(SLOTS_PER_CYCLE);
  for (let p = 0; p < SLOTS_PER_CYCLE; p++) {
    fail[p] = p < INCIDENT_SLOTS && hash01(seed, 0xfa11, p) < FAIL_RATIO ? 1 : 0;
    productItem[p] = hash01(seed, 0x9d, p) < 0.35 ? 1 : 0;
    productMissing[p] = productItem[p] === 1 && hash01(seed, 0x404, p) < 0.12 ? 1 : 0;
  }
  return { seed, schedule, fail, productItem, productMissing };
}

export function originOf(w: RequestWorld, kind: RequestKind): number {
  return w.schedule.cycleOrigin + (kind === KIND_PRODUCTS ? 1000 : 0);
}

export function slotAt(w: RequestWorld, kind: RequestKind, tMs: number): number {
  return Math.floor((tMs - originOf(w, kind)) / REQ_SLOT_MS);
}

export function slotStartMs(w: RequestWorld, kind: RequestKind, k: number): number {
  return originOf(w, kind) + k * REQ_SLOT_MS;
}

export function cyclePos(k: number): number {
  return ((k % SLOTS_PER_CYCLE) + SLOTS_PER_CYCLE) % SLOTS_PER_CYCLE;
}

// Trace IDs: 96 hashed bits + the slot number scrambled by a keyed permutation. Decoding
// inverts the permutation and re-derives the hashed part to reject IDs the world never made.
function idSeed(seed: number, kind: number): number {
  return (seed ^ Math.imul(kind, 0x2545f491)) >>> 0;
}

export function traceIdOf(seed: number, kind: RequestKind, k: number): string {
  const b = hash(seed, 0x7ace, kind, k);
  return (
    hex8(sub(b, 1) | 0x10000000) + hex8(sub(b, 2)) + hex8(sub(b, 3)) + hex8(permute32(idSeed(seed, kind), k >>> 0))
  );
}

export function decodeTraceId(seed: number, traceId: string): { kind: RequestKind; k: number } | undefined {
  if (!/^[0-9a-f]{32}$/.test(traceId)) return undefined;
  const low = Number.parseInt(traceId.slice(24), 16);
  for (const kind of [KIND_CHECKOUT, KIND_PRODUCTS] as const) {
    const k = unpermute32(idSeed(seed, kind), low);
    if (traceIdOf(seed, kind, k) === traceId) return { kind, k };
  }
  return undefined;
}

export function spanIdOf(seed: number, kind: RequestKind, k: number, idx: number): string {
  return spanIdFrom(hash(seed, 0x5a11, kind, k), idx);
}

/** Span idx of a request whose span-ID base hash is `base`. */
export function spanIdFrom(base: number, idx: number): string {
  return hex8(sub(base, 2 * idx) | 0x1000000) + hex8(sub(base, 2 * idx + 1));
}

// No closures in the per-request builders: they run once per log line over days of data.
function timed(idx: number, startUs: number, durUs: number): Timed {
  return { idx, startUs: Math.round(startUs), durUs: Math.max(1, Math.round(durUs)) };
}

/** The span ID of one of a request's spans (IDs are built lazily: most log lines need one). */
export function spanId(r: { idBase: number }, t: Timed): string {
  return spanIdFrom(r.idBase, t.idx);
}

export interface Timed {
  /** Span index within the request; the ID is derived on demand (see spanId). */
  idx: number;
  startUs: number;
  durUs: number;
}

export interface Checkout {
  k: number;
  idBase: number;
  traceId: string;
  incident: boolean;
  failed: boolean;
  /** nio-8080-exec-N of the payments log line. */
  thread: number;
  orderId: string;
  fe: Timed;
  cart: Timed;
  selCart: Timed;
  selItems: Timed;
  pay: Timed;
  issuer: Timed;
  insert?: Timed;
  publish?: Timed;
  worker?: Timed;
  workerUpdate?: Timed;
}

export function checkout(w: RequestWorld, k: number): Checkout {
  const seed = w.seed;
  const b = hash(seed, 0x71, KIND_CHECKOUT, k);
  const ib = hash(seed, 0x5a11, KIND_CHECKOUT, k);
  const pos = cyclePos(k);
  const incident = pos < INCIDENT_SLOTS;
  const failed = w.fail[pos] === 1;
  const t0 = slotStartMs(w, KIND_CHECKOUT, k) * 1000 + sub01(b, 1) * 1_200_000;

  const cartStart = t0 + 800 + sub01(b, 2) * 1700;
  const selCart = timed(3, cartStart + 300 + sub01(b, 3) * 600, 1500 + sub01(b, 4) * 4500);
  const selItems = timed(4, endUs(selCart) + 100 + sub01(b, 5) * 300, 800 + sub01(b, 6) * 3200);
  const payStart = endUs(selItems) + 500 + sub01(b, 7) * 1000;
  // Inside the incident every charge is slow (600–2500 ms); 40 % of them time out.
  const issuerDur = incident ? 600_000 + sub01(b, 8) * 1_900_000 : 15_000 + sub01(b, 8) * 230_000;
  const issuer = timed(6, payStart + 400 + sub01(b, 9) * 800, issuerDur);
  const insert = failed ? undefined : timed(7, endUs(issuer) + 300 + sub01(b, 10) * 600, 1000 + sub01(b, 11) * 4000);
  const payEnd = endUs(insert ?? issuer) + 300 + sub01(b, 12) * 1200;
  const pay = timed(5, payStart, payEnd - payStart);
  const publish = failed ? undefined : timed(8, payEnd + 200 + sub01(b, 13) * 600, 300 + sub01(b, 14) * 1200);
  const cartEnd = (publish ? endUs(publish) : payEnd) + 200 + sub01(b, 15) * 700;
  const cart = timed(2, cartStart, cartEnd - cartStart);
  const fe = timed(1, t0, cartEnd + 300 + sub01(b, 16) * 1700 - t0);
  let worker: Timed | undefined;
  let workerUpdate: Timed | undefined;
  if (publish) {
    const ws = endUs(publish) + 150_000 + sub01(b, 17) * 1_350_000;
    workerUpdate = timed(10, ws + 2000 + sub01(b, 18) * 8000, 1000 + sub01(b, 19) * 5000);
    worker = timed(9, ws, endUs(workerUpdate) - ws + 5000 + sub01(b, 20) * 60_000);
  }
  return {
    k,
    idBase: ib,
    traceId: traceIdOf(seed, KIND_CHECKOUT, k),
    incident,
    failed,
    thread: 1 + (sub(b, 21) % 10),
    orderId: `ord_${hex8(sub(b, 22))}`,
    fe,
    cart,
    selCart,
    selItems,
    pay,
    issuer,
    insert,
    publish,
    worker,
    workerUpdate,
  };
}

export interface ProductRequest {
  k: number;
  idBase: number;
  traceId: string;
  route: "/api/products" | "/api/products/:id";
  path: string;
  status: 200 | 404;
  fe: Timed;
  select: Timed;
}

export function productRequest(w: RequestWorld, k: number): ProductRequest {
  const b = hash(w.seed, 0x72, KIND_PRODUCTS, k);
  const ib = hash(w.seed, 0x5a11, KIND_PRODUCTS, k);
  const pos = cyclePos(k);
  const item = w.productItem[pos] === 1;
  const status = w.productMissing[pos] === 1 ? 404 : 200;
  const t0 = slotStartMs(w, KIND_PRODUCTS, k) * 1000 + sub01(b, 1) * 900_000;
  const select = timed(2, t0 + 400 + sub01(b, 2) * 1500, 800 + sub01(b, 3) * (item ? 4000 : 18_000));
  const fe = timed(1, t0, endUs(select) + 300 + sub01(b, 4) * 3000 - t0);
  return {
    k,
    idBase: ib,
    traceId: traceIdOf(w.seed, KIND_PRODUCTS, k),
    route: item ? "/api/products/:id" : "/api/products",
    path: item ? `/api/products/${1000 + (sub(b, 5) % 9000)}` : "/api/products",
    status,
    fe,
    select,
  };
}

export function endUs(t: Timed): number {
  return t.startUs + t.durUs;
}

// Counters over a week re-examine the same edge slots for every series and every sample.
const checkoutCache = new WeakMap<RequestWorld, Map<number, Checkout>>();
const productCache = new WeakMap<RequestWorld, Map<number, ProductRequest>>();

function cached<T>(store: WeakMap<RequestWorld, Map<number, T>>, w: RequestWorld, k: number, make: () => T): T {
  let m = store.get(w);
  if (!m) {
    m = new Map();
    store.set(w, m);
  }
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    if (m.size >= 4096) m.clear();
    m.set(k, v);
  }
  return v;
}

export function cachedCheckout(w: RequestWorld, k: number): Checkout {
  return cached(checkoutCache, w, k, () => checkout(w, k));
}

export function cachedProductRequest(w: RequestWorld, k: number): ProductRequest {
  return cached(productCache, w, k, () => productRequest(w, k));
}
