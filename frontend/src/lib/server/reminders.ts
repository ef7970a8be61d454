/**
 * "Send reminder", from the needs-attention queue and from a learner's timeline: one form action
 * body, so both say the same thing, in particular when the per-learner rate limit refuses.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from './api-event';
import { minutesText } from './api-result';
import { remind } from './cohorts-api';
import { textField } from './form-data';
import { failForm, formOk } from './form-result';
import { formFailure } from './problems';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const REMINDER_MESSAGE_MAX = 500;

export interface ReminderState extends FormState {
  /** Which learner (and cohort) the answer is about, so it is shown on their row. */
  userId?: string;
  cohortId?: string;
}

/** The wait the rate limit asks for (one reminder per learner a day), in words. */
export function reminderWait(retryAfterSeconds: number | undefined, name: string): string {
  let when = 'tomorrow';
  if (retryAfterSeconds !== undefined) {
    const hours = Math.round(retryAfterSeconds / 3600);
    when = hours >= 1 ? `in about ${hours === 1 ? '1 hour' : `${hours} hours`}` : `in ${minutesText(retryAfterSeconds)}`;
  }
  return `${name} has already been sent a reminder today. To spare their inbox, one reminder a day is sent: you can send another ${when}.`;
}

export async function sendReminder(event: RequestEvent, cohortIdFromRoute?: string) {
  const data = await event.request.formData();
  const cohortId = cohortIdFromRoute ?? textField(data, 'cohortId');
  const userId = textField(data, 'userId');
  const name = textField(data, 'name') || 'This learner';
  const message = textField(data, 'message');
  const state: ReminderState = { form: 'remind', userId, cohortId, values: { message } };
  if (!UUID.test(cohortId) || !UUID.test(userId))
    return failForm<ReminderState>(400, { ...state, problem: 'That learner could not be found. Reload the page.' });
  if ([...message].length > REMINDER_MESSAGE_MAX) {
    return failForm<ReminderState>(400, { ...state, errors: { message: `The message must be ${REMINDER_MESSAGE_MAX} characters or fewer` } });
  }
  const outcome = await remind(apiFor(event), cohortId, userId, message || undefined);
  if (!outcome.ok) {
    return formFailure<ReminderState>(outcome.problem, event, state, {
      fields: { message: { label: 'Message' } },
      on: {
        'rate-limited': (problem) => ({ problem: reminderWait(problem.retryAfterSeconds, name) }),
        'not-found': () => ({ problem: `${name} is no longer in this cohort.` })
      }
    });
  }
  return formOk<ReminderState>({ form: 'remind', userId, cohortId, success: `Reminder on its way to ${name}: we email it in the next few minutes.` });
}
