import type { DataSource } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { JobQueue, QueueHealth } from '../../infra/queue/job-queue.js';
import { HealthService } from './health.service.js';

/** HealthService over stand-ins whose answers the test chooses; no database is involved. */
function setup(query: () => Promise<unknown>, queueHealth: QueueHealth) {
  const dataSource = { query: vi.fn(query) };
  const queue = { health: vi.fn(async () => queueHealth) };
  const service = new HealthService(dataSource as unknown as DataSource, queue as unknown as JobQueue);
  return { service, dataSource };
}

async function failure(service: HealthService): Promise<DomainError> {
  const error: unknown = await service.check().then(
    () => new Error('check passed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('HealthService.live', () => {
  it('answers ok without asking the database or the queue, even when both are down', () => {
    const { service, dataSource } = setup(async () => {
      throw new Error('down');
    }, 'down');
    expect(service.live()).toEqual({ status: 'ok' });
    expect(dataSource.query).not.toHaveBeenCalled();
  });
});

describe('HealthService.check', () => {
  it.each<QueueHealth>(['up', 'inline'])('is ok when the database answers and the queue is %s', async (queue) => {
    const { service, dataSource } = setup(async () => [{ '?column?': 1 }], queue);
    await expect(service.check()).resolves.toEqual({ status: 'ok', database: 'up', queue });
    expect(dataSource.query).toHaveBeenCalledWith('SELECT 1');
  });

  it('answers SERVICE_UNAVAILABLE naming the database when its query fails', async () => {
    const { service } = setup(async () => {
      throw new Error('ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    }, 'up');
    const error = await failure(service);
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
    expect(error.details).toEqual({ database: 'down', queue: 'up' });
    expect(error.message).toContain('database');
    expect(error.message).not.toContain('queue');
    expect(error.message).not.toContain('hunter2');
  });

  it('answers SERVICE_UNAVAILABLE naming the queue when it is down', async () => {
    const { service } = setup(async () => [], 'down');
    const error = await failure(service);
    expect(error.details).toEqual({ database: 'up', queue: 'down' });
    expect(error.message).toContain('queue');
    expect(error.message).not.toContain('database');
  });

  it('names both when both are down', async () => {
    const { service } = setup(async () => {
      throw new Error('down');
    }, 'down');
    const error = await failure(service);
    expect(error.message).toContain('database');
    expect(error.message).toContain('queue');
  });

  it('counts a database that does not answer within 2 seconds as down', async () => {
    vi.useFakeTimers();
    const { service } = setup(() => new Promise(() => {}), 'inline');
    const outcome = failure(service);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await outcome;
    expect(error.details).toEqual({ database: 'down', queue: 'inline' });
  });

  it('waits for a slow database that answers within the timeout', async () => {
    vi.useFakeTimers();
    const { service } = setup(() => new Promise((resolve) => setTimeout(resolve, 1_500)), 'up');
    const outcome = service.check();
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(outcome).resolves.toEqual({ status: 'ok', database: 'up', queue: 'up' });
  });
});
