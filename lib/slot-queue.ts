// The slot queue both admission gates share: a backend endpoint's governor
// (lib/backends/governor.ts) and the server's page renders (lib/observe/page-gate.ts). At most
// `concurrency` slots are held at once; more callers wait in order, at most `queue` of them and
// at most `queueTimeoutMs` each; each gate says in its own words what a refusal means.

export interface SlotLimits {
  /** Slots held at once. */
  concurrency: number;
  /** Callers waiting for a slot; more are refused at once. */
  queue: number;
  /** The longest wait for a slot (ms). */
  queueTimeoutMs: number;
}

/** Gives the slot back (once; later calls do nothing). */
export type Release = () => void;

interface Waiter {
  grant: (r: Release) => void;
  giveUp: (why: "timeout" | "aborted") => void;
  cleanup: () => void;
}

export class SlotQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  /** `limits` and `concurrency` are read at each decision: a gate may change them at any time. */
  constructor(
    private readonly limits: () => SlotLimits,
    private readonly concurrency: () => number = () => limits().concurrency,
  ) {}

  /** Slots held / callers waiting. */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** A slot now, or undefined when there is none free (or callers are already waiting for one). */
  tryEnter(): Release | undefined {
    if (this.waiting.length > 0 || this.running >= this.concurrency()) return undefined;
    this.running++;
    return this.releaser();
  }

  /** Is the queue full (a caller that cannot have a slot now is to be refused)? */
  full(): boolean {
    return this.waiting.length >= this.limits().queue;
  }

  /**
   * Wait in line for a slot: `grant` gets it, or `giveUp` is told why not (the wait timed out,
   * or `signal` aborted it); either way the caller has left the queue.
   */
  wait(grant: (r: Release) => void, giveUp: (why: "timeout" | "aborted") => void, signal?: AbortSignal): void {
    const leave = (why: "timeout" | "aborted") => {
      w.cleanup();
      const i = this.waiting.indexOf(w);
      if (i >= 0) this.waiting.splice(i, 1);
      giveUp(why);
    };
    const timer = setTimeout(() => leave("timeout"), this.limits().queueTimeoutMs);
    const onAbort = () => leave("aborted");
    const w: Waiter = {
      grant,
      giveUp,
      cleanup: () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      },
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    this.waiting.push(w);
  }

  private releaser(): Release {
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.running--;
      this.pump();
    };
  }

  /** Hands free slots to the longest-waiting callers. */
  private pump(): void {
    while (this.waiting.length > 0 && this.running < this.concurrency()) {
      const w = this.waiting.shift() as Waiter;
      w.cleanup();
      this.running++;
      w.grant(this.releaser());
    }
  }
}
