/**
 * Bounding how long we wait on something that may hang (Redis down, a stuck close):
 * `withTimeout` rejects when time is up, `within` resolves with undefined.
 */

/** `work`, or whatever `onTimeout` gives (or throws) once `ms` have passed first. */
async function raceTimer<T, U>(work: Promise<T>, ms: number, onTimeout: () => U): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<U>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves or rejects like `work`, or rejects with "`what` timed out" after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return raceTimer(work, ms, (): never => {
    throw new Error(`${what} timed out after ${ms} ms`);
  });
}

/** Resolves with `work`'s result, or with `undefined` once `ms` have passed. */
export function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  return raceTimer(work, ms, () => undefined);
}
