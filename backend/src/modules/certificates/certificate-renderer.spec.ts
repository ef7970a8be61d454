import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/config.js';
import { renderThreadsFor } from './certificate-renderer.js';

const config = (driver: AppConfig['queue']['driver'], renderThreads: number) => ({ queue: { driver, renderThreads } }) as Pick<AppConfig, 'queue'>;

describe('renderThreadsFor', () => {
  it('gives a worker process one render thread per core by default', () => {
    expect(renderThreadsFor(config('bullmq', 0), 2)).toBe(2);
    expect(renderThreadsFor(config('bullmq', 0), 8)).toBe(8);
  });

  it('follows CERTIFICATE_RENDER_THREADS when it is set', () => {
    expect(renderThreadsFor(config('bullmq', 3), 8)).toBe(3);
    expect(renderThreadsFor(config('bullmq', 1), 8)).toBe(1);
  });

  it('keeps an API process that runs jobs inline to one thread, whatever is configured', () => {
    expect(renderThreadsFor(config('inline', 0), 8)).toBe(1);
    expect(renderThreadsFor(config('inline', 4), 8)).toBe(1);
  });
});
