/**
 * `promise`, or a rejection with `Error('timeout')` after `ms`. The timer is cleared as soon as
 * the promise settles: a probe answered in 1 ms leaves no timer behind (health is asked thousands
 * of times a second under load, and a left-over timer per request is work for the event loop).
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
