import { Injectable, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { JobHandlerRegistry, JobRegistryError } from './job-handler.registry.js';
import { JOBS } from '../../modules/jobs.js';
import { JobCatalogue, type JobContext, type JobName, type JobPayloads } from './job.types.js';
import { OnJob } from './on-job.decorator.js';

type PingPayload = JobPayloads['system.ping'];

@Injectable()
class PingHandler {
  readonly calls: Array<{ payload: PingPayload; ctx: JobContext }> = [];

  @OnJob('system.ping')
  async handlePing(payload: PingPayload, ctx: JobContext): Promise<void> {
    // Uses `this`: the registry must call the method bound to its instance.
    this.calls.push({ payload, ctx });
  }

  /** Not decorated: must not count as a handler. */
  async somethingElse(): Promise<void> {}
}

@Injectable()
class SecondPingHandler {
  @OnJob('system.ping')
  async onPing(): Promise<void> {}
}

@Injectable()
class FailingPingHandler {
  @OnJob('system.ping')
  async handlePing(): Promise<void> {
    throw new Error('handler broke');
  }
}

@Injectable()
class UnrelatedService {
  doWork(): string {
    return 'work';
  }
}

@Injectable()
class UnknownJobHandler {
  @OnJob('system.unknown' as JobName)
  async handle(): Promise<void> {}
}

/** Every other job of the catalogue needs its one handler too, or no module boots. */
@Injectable()
class OtherJobsHandler {
  @OnJob('mail.send')
  async send(): Promise<void> {}

  @OnJob('identity.registration')
  async registration(): Promise<void> {}

  @OnJob('identity.password-reset-requested')
  async resetRequested(): Promise<void> {}

  @OnJob('identity.verification-requested')
  async verificationRequested(): Promise<void> {}

  @OnJob('assessment.close-attempt')
  async closeAttempt(): Promise<void> {}

  @OnJob('course.completed')
  async courseCompleted(): Promise<void> {}

  @OnJob('course.completion-revoked')
  async completionRevoked(): Promise<void> {}

  @OnJob('learning.expiry-reminders')
  async expiryReminders(): Promise<void> {}

  @OnJob('certificates.issue')
  async issueCertificate(): Promise<void> {}

  @OnJob('cohorts.due-reminders')
  async dueReminders(): Promise<void> {}

  @OnJob('cohorts.weekly-digest')
  async weeklyDigest(): Promise<void> {}
}

let moduleRef: TestingModule | undefined;

afterEach(async () => {
  await moduleRef?.close();
  moduleRef = undefined;
});

/** Compiles a module with the registry and the given providers, and runs the init hooks. */
async function boot(providers: Provider[]): Promise<TestingModule> {
  moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    // The real catalogue of every job (modules/jobs.ts), as the composition roots give it.
    providers: [{ provide: JobCatalogue, useValue: JOBS }, JobHandlerRegistry, OtherJobsHandler, ...providers],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

async function bootError(providers: Provider[]): Promise<Error> {
  const error: unknown = await boot(providers).then(
    () => new Error('boot succeeded'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobRegistryError);
  return error as Error;
}

describe('JobHandlerRegistry', () => {
  it('finds the one @OnJob handler and runs it with the payload and context', async () => {
    const app = await boot([PingHandler, UnrelatedService]);
    const registry = app.get(JobHandlerRegistry);
    const handler = app.get(PingHandler);
    const ctx: JobContext = { jobId: 'system.ping-1', name: 'system.ping', attempt: 2 };

    await registry.run('system.ping', { pingId: 'p-1' }, ctx);

    expect(handler.calls).toEqual([{ payload: { pingId: 'p-1' }, ctx }]);
  });

  it('passes the handler failure to the caller', async () => {
    const app = await boot([FailingPingHandler]);
    await expect(app.get(JobHandlerRegistry).run('system.ping', { pingId: 'p' }, { jobId: 'j', name: 'system.ping', attempt: 1 })).rejects.toThrow(
      'handler broke',
    );
  });

  it('refuses to boot when a job has no handler', async () => {
    const error = await bootError([UnrelatedService]);
    expect(error.message).toContain('"system.ping"');
    expect(error.message).toContain('no @OnJob handler');
  });

  it('refuses to boot when a job has two handlers, naming both', async () => {
    const error = await bootError([PingHandler, SecondPingHandler]);
    expect(error.message).toContain('"system.ping"');
    expect(error.message).toContain('PingHandler.handlePing');
    expect(error.message).toContain('SecondPingHandler.onPing');
  });

  it('refuses to boot when @OnJob names a job that is not in the catalogue', async () => {
    const error = await bootError([PingHandler, UnknownJobHandler]);
    expect(error.message).toContain('system.unknown');
    expect(error.message).not.toContain('no @OnJob handler');
  });

  it('refuses to run a job it has no handler for', async () => {
    const registry = await boot([PingHandler]).then((app) => app.get(JobHandlerRegistry));
    await expect(registry.run('system.nothing' as JobName, { pingId: 'p' }, { jobId: 'j', name: 'system.ping', attempt: 1 })).rejects.toBeInstanceOf(
      JobRegistryError,
    );
  });
});
