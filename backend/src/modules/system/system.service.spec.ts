import { hostname } from 'node:os';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { SystemPing } from './system-ping.entity.js';
import type { SystemRepository } from './system.repository.js';
import { SystemService } from './system.service.js';

function ping(overrides: Partial<SystemPing> = {}): SystemPing {
  return {
    id: '7d4c3a52-0f57-4d5c-8d0a-2b3b5c1f0e11',
    label: 'deploy check',
    status: 'queued',
    workMs: 0,
    attempts: 0,
    requestedAt: new Date('2025-11-28T09:00:00.000Z'),
    processedAt: null,
    processedBy: null,
    ...overrides,
  };
}

function setup() {
  const order: string[] = [];
  const repository = {
    createPing: vi.fn(async (label: string, workMs: number) => {
      order.push('createPing');
      return ping({ label, workMs });
    }),
    findPing: vi.fn(async (_id: string): Promise<SystemPing | null> => null),
    startPing: vi.fn(async (_id: string): Promise<SystemPing | null> => null),
    finishPing: vi.fn(async (_id: string, _by: string) => {}),
  };
  const queue = {
    driver: 'inline' as const,
    enqueue: vi.fn(async () => {
      order.push('enqueue');
    }),
    health: vi.fn(async () => 'inline' as const),
  };
  const service = new SystemService(repository as unknown as SystemRepository, queue as unknown as JobQueue, 'worker', pino({ level: 'silent' }));
  return { service, repository, queue, order };
}

describe('SystemService.createPing', () => {
  it('stores the ping, then queues its job keyed by the ping id', async () => {
    const { service, repository, queue, order } = setup();
    const result = await service.createPing({ label: 'deploy check', workMs: 40 });

    expect(repository.createPing).toHaveBeenCalledWith('deploy check', 40);
    expect(order).toEqual(['createPing', 'enqueue']);
    const id = result.id;
    expect(queue.enqueue).toHaveBeenCalledWith('system.ping', { pingId: id }, { jobId: `system.ping-${id}` });
  });

  it('defaults workMs to 0', async () => {
    const { service, repository } = setup();
    await service.createPing({ label: 'x' });
    expect(repository.createPing).toHaveBeenCalledWith('x', 0);
  });

  it('does not queue a job when storing the ping fails', async () => {
    const { service, repository, queue } = setup();
    repository.createPing.mockRejectedValueOnce(new Error('insert failed'));
    await expect(service.createPing({ label: 'x' })).rejects.toThrow('insert failed');
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('answers dates as ISO strings and a missing processedAt as null', async () => {
    const { service } = setup();
    const result = await service.createPing({ label: 'deploy check' });
    expect(result).toEqual({
      id: ping().id,
      label: 'deploy check',
      status: 'queued',
      attempts: 0,
      requestedAt: '2025-11-28T09:00:00.000Z',
      processedAt: null,
      processedBy: null,
    });
  });
});

describe('SystemService.getPing', () => {
  it('answers NOT_FOUND for an unknown id', async () => {
    const { service } = setup();
    const error: unknown = await service.getPing(ping().id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.NotFound);
  });

  it('answers a processed ping with its processing time and process', async () => {
    const { service, repository } = setup();
    const done = ping({
      status: 'done',
      attempts: 2,
      processedAt: new Date('2025-11-28T09:00:05.250Z'),
      processedBy: 'worker:host:42',
    });
    repository.findPing.mockResolvedValueOnce(done);
    const result = await service.getPing(done.id);
    expect(repository.findPing).toHaveBeenCalledWith(done.id);
    expect(result).toMatchObject({ status: 'done', attempts: 2, processedAt: '2025-11-28T09:00:05.250Z', processedBy: 'worker:host:42' });
  });
});

describe('SystemService.handlePing', () => {
  it('claims the ping and marks it done by this process', async () => {
    const { service, repository } = setup();
    repository.startPing.mockResolvedValueOnce(ping({ status: 'processing' }));
    await service.handlePing({ pingId: ping().id });

    expect(repository.startPing).toHaveBeenCalledWith(ping().id);
    expect(repository.finishPing).toHaveBeenCalledWith(ping().id, `worker:${hostname()}:${process.pid}`);
  });

  it('does nothing more when the ping is already done or gone (re-delivery)', async () => {
    const { service, repository } = setup();
    await service.handlePing({ pingId: ping().id });
    expect(repository.finishPing).not.toHaveBeenCalled();
  });

  it('simulates the requested work before finishing', async () => {
    const { service, repository } = setup();
    repository.startPing.mockResolvedValueOnce(ping({ workMs: 40 }));
    const started = performance.now();
    await service.handlePing({ pingId: ping().id });
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    expect(repository.finishPing).toHaveBeenCalledTimes(1);
  });

  it('lets a failure reach the queue so the job is retried', async () => {
    const { service, repository } = setup();
    repository.startPing.mockResolvedValueOnce(ping());
    repository.finishPing.mockRejectedValueOnce(new Error('update failed'));
    await expect(service.handlePing({ pingId: ping().id })).rejects.toThrow('update failed');
  });
});
