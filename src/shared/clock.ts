/** Time as a port, so rules and tests never read the wall clock directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `at` (tests); `advance` moves it forward. */
export function fixedClock(at: Date): Clock & { advance(ms: number): void } {
  let current = at.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
  };
}
