/**
 * After the deadline, saves are still accepted for this long: a save sent in the last second
 * of the time limit over a slow network is not lost. After it the attempt is closed and graded on
 * what was saved (docs/assessment.md#time-limits).
 */
export const ATTEMPT_GRACE_MS = 30_000;

/** The deadline of an attempt started at startedAt: start + limit + the learner's extra time (a percentage of the limit, rounded up to a second). */
export function deadlineFor(startedAt: Date, timeLimitSeconds: number | null, extraTimePercent: number): Date | null {
  if (timeLimitSeconds === null) return null;
  const extraSeconds = Math.ceil((timeLimitSeconds * extraTimePercent) / 100);
  return new Date(startedAt.getTime() + (timeLimitSeconds + extraSeconds) * 1000);
}

/** Past the deadline and its grace: nothing may change any more. */
export function isOverdue(deadlineAt: Date | null, now: Date): boolean {
  return deadlineAt !== null && now.getTime() > deadlineAt.getTime() + ATTEMPT_GRACE_MS;
}
