/** Time as a port, so rules and tests never read the wall clock directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A time as unix seconds, the unit WeCom and our stored event times use. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** The clock's now as unix seconds. */
export function nowSeconds(clock: Clock): number {
  return unixSeconds(clock.now());
}

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
