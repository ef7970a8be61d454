import { describe, expect, it } from 'vitest';
import { JobSlots } from './job-slots.js';

describe('JobSlots', () => {
  it('grants up to its size at once, then hands each freed slot to the longest waiter', async () => {
    const slots = new JobSlots(2);
    const a = (await slots.acquire())!;
    const b = (await slots.acquire())!;
    const order: string[] = [];
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    await Promise.resolve();
    expect(slots.running).toBe(2);
    expect(slots.queued).toBe(2);
    a();
    const releaseC = (await c)!;
    expect(order).toEqual(['c']);
    // The freed slot went to c: a newcomer cannot slip in between.
    expect(slots.running).toBe(2);
    b();
    releaseC();
    (await d)!();
    expect(slots.running).toBe(0);
    expect(slots.peak).toBe(2);
  });

  it('counts a release only once', async () => {
    const slots = new JobSlots(1);
    const release = (await slots.acquire())!;
    release();
    release();
    expect(slots.running).toBe(0);
    const again = (await slots.acquire())!;
    expect(slots.running).toBe(1);
    again();
  });

  it('refuses waiting and later acquires once closed, and lets running jobs keep their slots', async () => {
    const slots = new JobSlots(1);
    const running = (await slots.acquire())!;
    const waiting = slots.acquire();
    slots.close();
    expect(await waiting).toBeNull();
    expect(await slots.acquire()).toBeNull();
    expect(slots.running).toBe(1);
    running();
    expect(slots.running).toBe(0);
  });

  it('needs a positive whole size', () => {
    expect(() => new JobSlots(0)).toThrow(/positive/);
  });
});
