import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
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

/**
 * Renders certificates' PDFs for the issuing jobs. With Redis (the bullmq driver) the jobs run in
 * the worker process, which renders in its own thread: a worker has no requests to delay, and
 * the bench compares exactly that with a raw rendering loop. With the inline driver (no Redis:
 * jobs run inside the API process after the response) it renders in one worker thread instead,
 * so a page is never drawn on the API's event loop. Fonts are parsed once per process or thread
 * (certificate-pdf.ts).
 */
@Injectable()
export class CertificateRenderer implements OnApplicationShutdown {
  private readonly offThread: boolean;
  private pool: Piscina<CertificateContent, Uint8Array> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.offThread = config.queue.driver === 'inline';
  }

  /** Whether the render thread was started (the inline driver, once a page was drawn): tests check the API's event loop was spared. */
  get threadStarted(): boolean {
    return this.pool !== null;
  }

  async render(content: CertificateContent): Promise<Buffer> {
    // pdfkit, fontkit, qrcode and the fonts load on the first in-process render: the API (bullmq
    // driver) never renders, the inline driver renders in the thread, so neither holds them.
    if (!this.offThread) return (await import('./certificate-pdf.js')).renderCertificatePdf(content);
    // Created on first use: an API that never issues starts no thread.
    this.pool ??= new Piscina<CertificateContent, Uint8Array>({ filename: workerFile(), minThreads: 0, maxThreads: 1, idleTimeout: 60_000 });
    const bytes = await this.pool.run(content);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
