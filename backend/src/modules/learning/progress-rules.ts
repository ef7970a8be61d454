/**
 * Progress and completion rules, pure (docs/progress.md). The SQL gathers the facts; these decide.
 */

/** At most this many seconds of one visible-time interval count: an open, forgotten tab does not add hours. */
export const MAX_SECONDS_PER_INTERVAL = 300;

/** The largest visibleSeconds a client may send (an interval over an hour is refused as malformed). */
export const MAX_REPORTED_SECONDS = 3600;

/** Days before expiry when the learner and their trainers are reminded, once each. */
export const REMINDER_DAYS = [30, 7] as const;

/** A completion expiring within this many days is 'expiring'. */
export const EXPIRING_WITHIN_DAYS = 30;

export function countedSeconds(visibleSeconds: number | undefined): number {
  if (visibleSeconds === undefined || !Number.isFinite(visibleSeconds)) return 0;
  return Math.max(0, Math.min(MAX_SECONDS_PER_INTERVAL, Math.floor(visibleSeconds)));
}

/** What a module's completion depends on. */
export interface ModuleFacts {
  lessonsRequired: number;
  lessonsCompleted: number;
  /** null when the module has no quiz (none, or one without questions). */
  quiz: { quizId: string; passed: boolean } | null;
}

/** Complete when every required lesson is completed and its quiz (if any) is passed by the quiz's grading method. */
export function isModuleComplete(m: ModuleFacts): boolean {
  return m.lessonsCompleted >= m.lessonsRequired && (m.quiz === null || m.quiz.passed);
}

/** Complete when every required module is (a course of no module is never complete). */
export function isCourseComplete(modules: ModuleFacts[]): boolean {
  return modules.length > 0 && modules.every(isModuleComplete);
}

/**
 * Percent complete: lessons completed and quizzes passed over lessons and quizzes, rounded down,
 * so 100 means complete and a course with every lesson read but a quiz to pass is not at 100.
 */
export function percentComplete(modules: ModuleFacts[]): number {
  let units = 0;
  let done = 0;
  for (const m of modules) {
    units += m.lessonsRequired + (m.quiz ? 1 : 0);
    done += Math.min(m.lessonsCompleted, m.lessonsRequired) + (m.quiz?.passed ? 1 : 0);
  }
  if (units === 0) return 0;
  return Math.floor((100 * done) / units);
}

/** The completion's final score: the mean of its quizzes' grades (percent, 2 decimals); null without quizzes. */
export function finalScore(grades: (number | null)[]): number | null {
  const known = grades.filter((g): g is number => g !== null);
  if (known.length === 0) return null;
  return Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 100) / 100;
}

/** completedAt + validity months (calendar months, clamped to the month's last day); null when it does not expire. */
export function expiryOf(completedAt: Date, validityMonths: number | null): Date | null {
  if (validityMonths === null) return null;
  const d = new Date(completedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + validityMonths);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export type CompletionStatus = 'current' | 'expiring' | 'expired' | 'revoked';

export function completionStatus(c: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): CompletionStatus {
  if (c.revokedAt) return 'revoked';
  if (!c.expiresAt) return 'current';
  const left = c.expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRING_WITHIN_DAYS * 86_400_000 ? 'expiring' : 'current';
}

/** The reminder due now for a completion expiring at expiresAt, given those already sent: 30 days before, then 7. */
export function reminderDue(expiresAt: Date, sent: number[], now: Date): number | null {
  const daysLeft = (expiresAt.getTime() - now.getTime()) / 86_400_000;
  if (daysLeft <= 0) return null;
  // The nearest threshold passed and not yet sent; a completion found late gets only the nearest one.
  const passed = REMINDER_DAYS.filter((d) => daysLeft <= d).sort((a, b) => a - b);
  const nearest = passed[0];
  if (nearest === undefined || sent.includes(nearest)) return null;
  return nearest;
}

/** A quiz grade counts for an enrolment when it is a first enrolment, or the quiz was submitted since a re-take began. */
export function gradeCounts(grade: { lastSubmittedAt: Date | null }, enrolment: { enrolledAt: Date; isRetake: boolean }): boolean {
  if (!enrolment.isRetake) return true;
  return grade.lastSubmittedAt !== null && grade.lastSubmittedAt.getTime() >= enrolment.enrolledAt.getTime();
}
