/** How the learner pages put progress into words. */
import type { Completion, CompletionStatus } from './types';

/** "under a minute", "12 minutes", "3 hours 5 minutes": time spent learning, rounded down to the minute. */
export function learningTimeText(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  if (total < 60) return total === 0 ? 'none yet' : 'under a minute';
  const minutes = Math.floor(total / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const m = `${rest} ${rest === 1 ? 'minute' : 'minutes'}`;
  if (hours === 0) return m;
  const h = `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return rest === 0 ? h : `${h} ${m}`;
}

/** A whole percentage, clamped to 0..100. */
export function wholePercent(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  return Math.round(Math.min(100, Math.max(0, value)));
}

export const COMPLETION_LABEL: Record<CompletionStatus, string> = {
  current: 'Completed',
  expiring: 'Completed, expiring soon',
  expired: 'Expired',
  revoked: 'Completion withdrawn'
};

/** Whether the learner is offered a re-take: an expired completion, or one about to expire. */
export function canRetake(completion: Pick<Completion, 'status'> | null): boolean {
  return completion !== null && (completion.status === 'expired' || completion.status === 'expiring');
}
