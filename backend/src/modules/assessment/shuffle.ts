import { randomInt } from 'node:crypto';

/** Fisher–Yates with a uniform random source: every order equally likely. */
export function shuffled<T>(items: readonly T[], random: (max: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Items to put in order, shown in an order that is not already the answer (when there are at
 * least two): the learner must always do the ordering. A few reshuffles suffice almost always;
 * the bounded loop then falls back to rotating by one, which is never the original order.
 */
export function shuffledNotInOrder(ids: readonly string[], random: (max: number) => number = randomInt): string[] {
  if (ids.length < 2) return [...ids];
  for (let tries = 0; tries < 8; tries++) {
    const order = shuffled(ids, random);
    if (order.some((id, i) => id !== ids[i])) return order;
  }
  return [...ids.slice(1), ids[0]!];
}
