/** How a bulk (re-)issue's progress is put into words and a bar. */
import type { CertificateBatch } from './types';

/** The share of the batch handled (issued or failed), 0..100, whole. An empty batch is complete. */
export function batchPercent(batch: Pick<CertificateBatch, 'total' | 'done' | 'failed'>): number {
  if (batch.total <= 0) return 100;
  return Math.min(100, Math.floor(((batch.done + batch.failed) / batch.total) * 100));
}

/** "12 of 40 certificates issued, 1 failed." / "Finished: 40 of 40 certificates issued." */
export function batchSummary(batch: CertificateBatch): string {
  const of = `${batch.done} of ${batch.total} ${batch.total === 1 ? 'certificate' : 'certificates'} issued`;
  const failed = batch.failed > 0 ? `, ${batch.failed} failed` : '';
  return batch.state === 'done' ? `Finished: ${of}${failed}.` : `In progress: ${of}${failed}.`;
}
