/** How a bulk (re-)issue's progress is put into words and a bar. */
import type { CertificateBatch } from './types';

/** The share of the batch handled (issued, failed or skipped), 0..100, whole. An empty batch is complete. */
export function batchPercent(batch: Pick<CertificateBatch, 'total' | 'done' | 'failed' | 'skipped'>): number {
  if (batch.total <= 0) return 100;
  return Math.min(100, Math.floor(((batch.done + batch.failed + batch.skipped) / batch.total) * 100));
}

/** "In progress: 12 of 40 certificates issued, 1 failed." / "Finished: 38 of 40 certificates issued, 2 not needed." */
export function batchSummary(batch: Pick<CertificateBatch, 'total' | 'done' | 'failed' | 'skipped' | 'state'>): string {
  const of = `${batch.done} of ${batch.total} ${batch.total === 1 ? 'certificate' : 'certificates'} issued`;
  const failed = batch.failed > 0 ? `, ${batch.failed} failed` : '';
  const skipped = batch.skipped > 0 ? `, ${batch.skipped} not needed` : '';
  return `${batch.state === 'done' ? 'Finished' : 'In progress'}: ${of}${failed}${skipped}.`;
}
