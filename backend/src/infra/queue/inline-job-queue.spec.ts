import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { currentRequestId, requestContext } from '../../common/logging/request-context.js';
import { InlineJobQueue } from './inline-job-queue.js';
import type { JobHandlerRegistry } from './job-handler.registry.js';
import { JOB_ATTEMPTS, type JobContext, type JobName, type JobPayloads } from './job.types.js';

type RunFn = (name: JobName, payload: JobPayloads[JobName], ctx: JobContext) => Promise<void>;

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An InlineJobQueue over a fake registry whose `run` is the given implementation. */
function setup(run: RunFn, backoffMs = 5) {
  const runMock = vi.fn<RunFn>(run);
  const registry = { run: runMock } as unknown as JobHandlerRegistry;
  const logger = pino({ level: 'silent' });
  const logError = vi.spyOn(logger, 'error');
  const queue = new InlineJobQueue(registry, logger, backoffMs);
  const attempts = () => runMock.mock.calls.map(([, , ctx]) => ctx.attempt);
  const messages = () => logError.mock.calls.map((call) => call[1] as unknown);
  return { queue, run: runMock, attempts, messages, logError };
}

const PAYLOAD = { pingId: 'p-1' };

describe('InlineJobQueue', () => {
  it('drains the jobs due soon, not one delayed for an hour (a schedule that enqueues its next run)', async () => {
    const { queue, run } = setup(async () => {});
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'later', delayMs: 3_600_000 });
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'soon', delayMs: 50 });
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'now' });
    const drained = await Promise.race([queue.drain().then(() => 'drained'), sleep(2_000).then(() => 'stuck')]);
    expect(drained).toBe('drained');
    expect(run.mock.calls.map(([, , ctx]) => ctx.jobId).sort()).toEqual(['now', 'soon']);
    await queue.onApplicationShutdown();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs the job after enqueue has returned, with the payload and context', async () => {
    const { queue, run } = setup(async () => {});
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'system.ping-p-1' });
    // The request that enqueued it is answered first.
    expect(run).not.toHaveBeenCalled();

    await queue.drain();
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('system.ping', PAYLOAD, { jobId: 'system.ping-p-1', name: 'system.ping', attempt: 1 });
  });

  it('retries a failing job with backoff and succeeds on attempt 3', async () => {
    let calls = 0;
    const { queue, attempts, messages } = setup(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`transient ${calls}`);
    });
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'retry-me' });
    await queue.drain();

    expect(attempts()).toEqual([1, 2, 3]);
    expect(messages()).toEqual(['job failed, retrying', 'job failed, retrying']);
  });

  it('waits longer between each retry', async () => {
    const times: number[] = [];
    const { queue } = setup(async () => {
      times.push(performance.now());
      throw new Error('always');
    }, 10);
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'backoff' });
    await queue.drain();

    // Exponential backoff: 10, 20, 40, 80 ms (timers may fire a little late, never early).
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps).toHaveLength(JOB_ATTEMPTS - 1);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(10 * 2 ** i - 2));
  });

  it('gives up after JOB_ATTEMPTS tries and logs the failure as permanent', async () => {
    const { queue, run, attempts, messages, logError } = setup(async () => {
      throw new Error('always broken');
    }, 1);
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'doomed' });
    await queue.drain();

    expect(run).toHaveBeenCalledTimes(JOB_ATTEMPTS);
    expect(attempts()).toEqual(Array.from({ length: JOB_ATTEMPTS }, (_, i) => i + 1));
    expect(messages().filter((m) => m === 'job failed permanently')).toHaveLength(1);
    expect(messages().at(-1)).toBe('job failed permanently');
    expect(logError.mock.calls.at(-1)?.[0]).toMatchObject({ job: 'system.ping', jobId: 'doomed', attempt: JOB_ATTEMPTS });
  });

  it('runs a job id only once while it is in flight', async () => {
    const gate = deferred();
    const { queue, run } = setup(() => gate.promise);
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'same-key' });
    await vi.waitFor(() => expect(run).toHaveBeenCalledTimes(1));
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'same-key' });

    gate.resolve();
    await queue.drain();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs the same job id again once the first run has finished', async () => {
    const { queue, run } = setup(async () => {});
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'again' });
    await queue.drain();
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'again' });
    await queue.drain();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs jobs with different ids independently', async () => {
    const { queue, run } = setup(async () => {});
    await queue.enqueue('system.ping', { pingId: 'a' }, { jobId: 'job-a' });
    await queue.enqueue('system.ping', { pingId: 'b' }, { jobId: 'job-b' });
    await queue.drain();
    expect(run.mock.calls.map(([, payload]) => payload)).toEqual([{ pingId: 'a' }, { pingId: 'b' }]);
  });

  it('waits delayMs before running the job', async () => {
    const { queue, run } = setup(async () => {});
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'later', delayMs: 80 });
    await sleep(20);
    expect(run).not.toHaveBeenCalled();
    await queue.drain();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('reports its health as inline', async () => {
    const { queue } = setup(async () => {});
    await expect(queue.health()).resolves.toBe('inline');
    expect(queue.driver).toBe('inline');
  });

  it('waits for an in-flight job when the application shuts down', async () => {
    const gate = deferred();
    let finished = false;
    const { queue, run } = setup(async () => {
      await gate.promise;
      finished = true;
    });
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'in-flight' });
    await vi.waitFor(() => expect(run).toHaveBeenCalled());

    let shutDown = false;
    const shutdown = queue.onApplicationShutdown().then(() => {
      shutDown = true;
    });
    await sleep(20);
    expect(shutDown).toBe(false);

    gate.resolve();
    await shutdown;
    expect(finished).toBe(true);
  });

  it('refuses new jobs once shutdown has begun', async () => {
    const { queue, run } = setup(async () => {});
    await queue.onApplicationShutdown();
    await expect(queue.enqueue('system.ping', PAYLOAD, { jobId: 'too-late' })).rejects.toThrow(/shutting down/);
    await sleep(10);
    expect(run).not.toHaveBeenCalled();
  });

  it('does not retry a job that fails while shutting down', async () => {
    const gate = deferred();
    const { queue, run, messages } = setup(() => gate.promise);
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'fails-at-shutdown' });
    await vi.waitFor(() => expect(run).toHaveBeenCalled());

    const shutdown = queue.onApplicationShutdown();
    gate.reject(new Error('connection closed'));
    await shutdown;

    expect(run).toHaveBeenCalledTimes(1);
    expect(messages()).toEqual(['job failed permanently']);
  });

  it('runs the handler with the request id that was active when the job was enqueued', async () => {
    const seen: Array<string | undefined> = [];
    let calls = 0;
    const { queue } = setup(async () => {
      seen.push(currentRequestId());
      calls += 1;
      if (calls === 1) throw new Error('retry once');
    });
    await requestContext.run({ requestId: 'r-123' }, () => queue.enqueue('system.ping', PAYLOAD, { jobId: 'with-request' }));
    await queue.drain();

    // Every attempt, including the retry, logs under the enqueuing request's id.
    expect(seen).toEqual(['r-123', 'r-123']);
  });

  it('uses the job id as the request id when enqueued outside a request', async () => {
    const seen: Array<string | undefined> = [];
    const { queue } = setup(async () => {
      seen.push(currentRequestId());
    });
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'no-request' });
    await queue.drain();
    expect(seen).toEqual(['no-request']);
  });

  it('does not wait out a backoff at shutdown, and does not retry after it', async () => {
    // A 60 s backoff: without the abort, shutdown would hang for a minute.
    const { queue, attempts } = setup(async () => {
      throw new Error('always');
    }, 60_000);
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'backoff' });
    while (attempts().length === 0) await sleep(1);
    const started = Date.now();
    await queue.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts()).toEqual([1]);
  });

  it('drops a delayed job that has not started when shutdown begins', async () => {
    const { queue, run } = setup(async () => {});
    await queue.enqueue('system.ping', PAYLOAD, { jobId: 'delayed', delayMs: 60_000 });
    const started = Date.now();
    await queue.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(run).not.toHaveBeenCalled();
  });
});
