/** Words the cohort pages share: needs-attention reasons, timeline events, dates in forms. */
import type { TimelineEvent } from './types';

const REASONS: Record<string, string> = {
  inactive: 'Not active recently',
  inactivity: 'Not active recently',
  failed_attempts: 'Two failed quiz attempts',
  'failed-attempts': 'Two failed quiz attempts',
  due_soon: 'Due within 7 days',
  'due-soon': 'Due within 7 days',
  overdue: 'Overdue',
  certificate_expiring: 'Completion expiring soon',
  certificate_expired: 'Completion expired',
  'certificate-expiring': 'Completion expiring soon'
};

function humanise(code: string): string {
  const words = code.replace(/[_.-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Needs attention';
}

/** "Overdue: Safeguarding basics, due 1 Dec 2026", from the code and the API's detail. */
export function reasonText(reason: { code: string; detail?: string | null }): string {
  const label = REASONS[reason.code.toLowerCase()] ?? humanise(reason.code);
  return reason.detail ? `${label}: ${reason.detail}` : label;
}

/** xAPI verbs (their last path segment) in words, by what was done to what. */
const VERBS: Record<string, string> = {
  registered: 'Enrolled on',
  experienced: 'Read',
  progressed: 'Read part of',
  completed: 'Completed',
  attempted: 'Started',
  passed: 'Passed',
  failed: 'Did not pass',
  terminated: 'Left',
  resumed: 'Came back to',
  scored: 'Was scored on',
  voided: 'Withdrawn:'
};

/** An event's verb in words: a verb this list does not know is shown by its own name. */
export function eventLabel(event: Pick<TimelineEvent, 'verb'>): string {
  const key = event.verb.trim();
  const verb = key.includes('/') ? key.slice(key.lastIndexOf('/') + 1) : key;
  return VERBS[verb.toLowerCase()] ?? humanise(verb || 'activity');
}

/** "the lesson Recognising indicators", "the quiz …", or '' when the event names nothing. */
export function eventObject(event: Pick<TimelineEvent, 'objectName' | 'objectType'>): string {
  if (!event.objectName) return event.objectType ? `a ${event.objectType}` : '';
  return event.objectType ? `the ${event.objectType} “${event.objectName}”` : `“${event.objectName}”`;
}

/** "2026-12-02" from an ISO date-time, for a date input's value ('' when absent or not a date). */
export function dateInputValue(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/**
 * A date typed in a date input as the API wants it: the start of that day (UTC) for a start date,
 * its end for a due date, so "due 3 Dec" means by the end of 3 Dec. '' -> undefined; null when
 * not a date.
 */
export function dateFromInput(value: string, end: 'start' | 'end'): string | undefined | null {
  if (!value) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T${end === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date.toISOString();
}

/** Is a due date past (and the work not done)? Compared with `now`. */
export function isOverdue(dueAt: string | null | undefined, now = new Date()): boolean {
  if (!dueAt) return false;
  const due = new Date(dueAt);
  return !Number.isNaN(due.getTime()) && due.getTime() < now.getTime();
}
