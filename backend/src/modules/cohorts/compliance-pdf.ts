import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { DomainError } from '../../common/errors/domain-error.js';
import type { CompliancePdfTask } from './compliance-pdf.worker.js';
import { ErrorCode } from '../../common/errors/error-code.js';

/** Bounds of the compliance PDF (docs/cohorts.md#compliance-report). */
export const PDF_LIMITS = {
  /** Rows a PDF may hold (about 1,100 A4 pages); a bigger report is refused: the CSV and XLSX have no limit. */
  maxRows: 50_000,
  /** Longest a render may take, waiting for the thread included. 10,000 rows take about 2 s here. */
  timeoutMs: 60_000,
  /** Renders waiting for the one thread; more are refused as busy (503). */
  maxQueue: 4,
  /** Heap of the render thread: a render that needs more fails, not the API process. */
  heapMb: 256,
};

/** Worker threads load JavaScript: the compiled worker beside this file, or, from TypeScript source (vitest), its compiled copy in dist. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.ts') ? here.replace(`${sep}src${sep}`, `${sep}dist${sep}`).replace(/\.ts$/, '.js') : here;
  return compiled.replace(/compliance-pdf\.js$/, 'compliance-pdf.worker.js');
}

/**
 * Renders the compliance PDF with pdfkit in one worker thread (piscina), off the API's event loop,
 * one render at a time, at most PDF_LIMITS.maxQueue waiting, each with a time limit and a heap of its own.
 */
@Injectable()
export class CompliancePdfRenderer implements OnModuleDestroy {
  private pool: Piscina<CompliancePdfTask, Uint8Array> | null = null;

  // Created on first use: processes that never render (the queue worker, openapi) start no thread.
  private threads(): Piscina<CompliancePdfTask, Uint8Array> {
    this.pool ??= new Piscina<CompliancePdfTask, Uint8Array>({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: 1,
      maxQueue: PDF_LIMITS.maxQueue,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: PDF_LIMITS.heapMb },
    });
    return this.pool;
  }

  /** Render threads running now: none until the first PDF, none again 30 s after the last. */
  get threadCount(): number {
    return this.pool?.threads.length ?? 0;
  }

  async render(task: CompliancePdfTask): Promise<Buffer> {
    const signal = AbortSignal.timeout(PDF_LIMITS.timeoutMs);
    try {
      const bytes = await this.threads().run(task, { signal });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      if (err instanceof Error && err.message === 'Task queue is at limit') {
        throw new DomainError(ErrorCode.ServiceUnavailable, 'Several PDF reports are being made; try again in a minute', undefined, { 'Retry-After': '60' });
      }
      if (signal.aborted) {
        throw new DomainError(ErrorCode.ServiceUnavailable, 'The PDF took too long to make; try again later or download the CSV', undefined, {
          'Retry-After': '60',
        });
      }
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
