/** One look at something a benchmark waits for: its result once done, else where it stands. */
export type Look<T> =
  | { readonly done: T }
  | {
      /** Compared between looks: the wait fails when it stops changing. */
      readonly state: string;
      /** Why the wait failed, if this is the last look. */
      readonly stalled: () => string;
    };

/**
 * Looks every `intervalMs` until a look is done. Fails when the state has not changed for
 * `stallMs`, so a broken pipeline ends the benchmark with what it got instead of hanging it.
 */
export async function watchUntilDone<T>(
  look: () => Promise<Look<T>>,
  stallMs: number,
  intervalMs: number,
): Promise<T> {
  let seen: string | undefined;
  let moved = Date.now();
  for (;;) {
    const now = await look();
    if ('done' in now) return now.done;
    if (now.state !== seen) [seen, moved] = [now.state, Date.now()];
    if (Date.now() - moved > stallMs) throw new Error(now.stalled());
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
