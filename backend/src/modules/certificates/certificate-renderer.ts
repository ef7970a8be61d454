import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { CertificateContent } from './certificate-pdf.js';

/** The compiled worker beside this file; from TypeScript source (vitest), the compiled copy in dist (the integration setup builds it). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.ts') ? here.replace(`${sep}src${sep}`, `${sep}dist${sep}`).replace(/\.ts$/, '.js') : here;
  return compiled.replace(/certificate-renderer\.js$/, 'certificate-render.worker.js');
}

/** How many render threads a process gets: CERTIFICATE_RENDER_THREADS, or one per core (0); one inside an API process. */
export function renderThreadsFor(config: Pick<AppConfig, 'queue'>, cores = availableParallelism()): number {
  // With the inline driver the jobs run inside the API process: one thread, so that issuing never
  // takes more than one core from the requests.
  if (config.queue.driver === 'inline') return 1;
  return config.queue.renderThreads > 0 ? config.queue.renderThreads : Math.max(1, cores);
}

/**
 * Draws certificates' PDFs in worker threads (docs/certificates.md#rendering), never on the
 * event loop of the process that issues them: the worker's event loop keeps the other jobs'
 * database and Redis round trips moving while pages are drawn, and a process uses as many cores
 * as it has threads (CERTIFICATE_RENDER_THREADS, default one per core). Threads start on first use
 * and stop after a minute idle, so a process that issues nothing holds none. Each thread parses
 * the fonts once (certificate-pdf.ts).
 */
@Injectable()
export class CertificateRenderer implements OnApplicationShutdown {
  private readonly threads: number;
  private pool: Piscina<CertificateContent, Uint8Array> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.threads = renderThreadsFor(config);
  }

  /** Whether a render thread was started (once a page was drawn): tests check pages are not drawn on the event loop. */
  get threadStarted(): boolean {
    return this.pool !== null;
  }

  /** The most threads this process draws pages in. */
  get maxThreads(): number {
    return this.threads;
  }

  async render(content: CertificateContent): Promise<Buffer> {
    this.pool ??= new Piscina<CertificateContent, Uint8Array>({ filename: workerFile(), minThreads: 0, maxThreads: this.threads, idleTimeout: 60_000 });
    const bytes = await this.pool.run(content);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
