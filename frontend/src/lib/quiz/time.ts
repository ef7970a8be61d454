/**
 * The quiz timer's words and clock. The visible clock ticks every second but is not a live
 * region; screen readers hear only the announcements at the thresholds below, so a learner
 * who relies on one is told when time is getting short without being interrupted every second.
 */

/** Remaining seconds at which the time left is announced. */
export const ANNOUNCE_AT_SECONDS = [30 * 60, 10 * 60, 5 * 60, 60] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** "12:34", "1:02:03", "0:09": whole seconds, rounded up so 0:00 means the time is really up. */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * "1 hour 5 minutes", "10 minutes", "45 seconds": how long, in words. Under a minute in
 * seconds; otherwise in whole minutes, rounded to the nearest (a threshold is then said exactly).
 */
export function durationWords(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : 0;
  if (total < 60) return plural(total, 'second');
  const minutes = Math.round(total / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return plural(m, 'minute');
  return m === 0 ? plural(h, 'hour') : `${plural(h, 'hour')} ${plural(m, 'minute')}`;
}

export const TIME_UP = 'Time is up. Your saved answers will be submitted.';

/**
 * What to announce when the time left goes from `previous` to `current` seconds, or null.
 * A threshold is announced once, when it is crossed; after a jump over several (a laptop
 * woken from sleep) only the time actually left is said, once.
 */
export function announcementFor(previous: number, current: number, thresholds: readonly number[] = ANNOUNCE_AT_SECONDS): string | null {
  if (!(current < previous)) return null;
  if (current <= 0) return previous > 0 ? TIME_UP : null;
  const crossed = thresholds.some((t) => previous > t && current <= t);
  return crossed ? `${durationWords(current)} left` : null;
}

/** Seconds left until `deadline`, given the server's clock offset (server time − this clock). */
export function secondsLeft(deadline: string | Date, nowMs: number, offsetMs = 0): number {
  const end = typeof deadline === 'string' ? Date.parse(deadline) : deadline.getTime();
  return Math.max(0, (end - (nowMs + offsetMs)) / 1000);
}

/** "30 minutes", "30 minutes + 15 minutes extra time (45 minutes in all)". */
export function timeLimitText(limitSeconds: number | null, extraSeconds = 0): string {
  if (limitSeconds === null) return 'No time limit';
  if (!extraSeconds) return durationWords(limitSeconds);
  return `${durationWords(limitSeconds)} + ${durationWords(extraSeconds)} extra time (${durationWords(limitSeconds + extraSeconds)} in all)`;
}
