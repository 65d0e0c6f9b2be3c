// Long CPU work written once as a generator that yields between its steps, run either at once
// (tests, small inputs) or with the event loop free between steps (a server handling a
// million-span trace must keep answering its other requests meanwhile).

export type Steps<T> = Generator<void, T>;

/** Every step now. */
export function runSteps<T>(steps: Steps<T>): T {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** One step per turn of the event loop (setImmediate between them: I/O and timers run). */
export async function runStepsYielding<T>(steps: Steps<T>): Promise<T> {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
