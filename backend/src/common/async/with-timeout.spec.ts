import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers what the promise answers and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(withTimeout(Promise.resolve('up'), 2_000)).resolves.toBe('up');
    expect(vi.getTimerCount()).toBe(0);
    await expect(withTimeout(Promise.reject(new Error('refused')), 2_000)).rejects.toThrow('refused');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with a timeout when the promise takes longer', async () => {
    vi.useFakeTimers();
    const slow = withTimeout(new Promise<string>(() => {}), 2_000);
    const caught = slow.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await caught).toEqual(new Error('timeout'));
    expect(vi.getTimerCount()).toBe(0);
  });
});
