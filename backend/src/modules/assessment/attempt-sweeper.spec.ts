import { describe, expect, it, vi } from 'vitest';
import type { Logger } from 'pino';
import { AttemptSweeper, SWEEP_BATCH } from './attempt-sweeper.js';
import type { AttemptsRepository } from './attempts.repository.js';

const logger = () => ({ info: vi.fn(), warn: vi.fn() }) as unknown as Logger & { info: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn> };

function repository(ids: (string | Error)[]) {
  const queue = [...ids];
  const closeNextLapsed = vi.fn(async () => {
    await Promise.resolve();
    const next = queue.shift();
    if (next instanceof Error) throw next;
    return next ?? null;
  });
  return { repo: { closeNextLapsed } as unknown as AttemptsRepository, closeNextLapsed };
}

describe('AttemptSweeper', () => {
  it('closes lapsed attempts one by one until none is left, and says how many', async () => {
    const { repo, closeNextLapsed } = repository(['a', 'b', 'c']);
    expect(await new AttemptSweeper(repo, logger()).sweep(new Date())).toBe(3);
    expect(closeNextLapsed).toHaveBeenCalledTimes(4);
  });

  it('stops at a batch, leaving the rest to the next sweep', async () => {
    const { repo } = repository(Array.from({ length: SWEEP_BATCH + 7 }, (_, i) => `id-${i}`));
    const sweeper = new AttemptSweeper(repo, logger());
    expect(await sweeper.sweep()).toBe(SWEEP_BATCH);
    expect(await sweeper.sweep()).toBe(7);
  });

  it('joins a sweep already running in the process instead of starting a second', async () => {
    const { repo, closeNextLapsed } = repository(['a', 'b']);
    const sweeper = new AttemptSweeper(repo, logger());
    const [one, two] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect([one, two]).toEqual([2, 2]);
    expect(closeNextLapsed).toHaveBeenCalledTimes(3);
  });

  it('logs a failure and answers what it closed before it, without throwing', async () => {
    const log = logger();
    const { repo } = repository(['a', new Error('connection terminated')]);
    expect(await new AttemptSweeper(repo, log).sweep()).toBe(1);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ err: 'connection terminated', closed: 1 }), expect.any(String));
  });

  it('sweeps nothing more once the process is shutting down', async () => {
    const { repo, closeNextLapsed } = repository(['a', 'b']);
    const sweeper = new AttemptSweeper(repo, logger());
    await sweeper.onApplicationShutdown();
    expect(await sweeper.sweep()).toBe(0);
    expect(closeNextLapsed).not.toHaveBeenCalled();
  });
});
