import type { RequestEvent } from '@sveltejs/kit';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { SUPPORT_FIELDS, SUPPORT_IDS, SUPPORT_LABELS } from './support-form';

/** Saves the organisation's safeguarding contact and support line; the API checks every field and the version. */
export async function saveSupport(event: RequestEvent<{ organisationId: string }>) {
  requireSignedIn(event);
  const data = await event.request.formData();
  const values = Object.fromEntries(SUPPORT_FIELDS.map((f) => [f, textField(data, f)])) as Record<(typeof SUPPORT_FIELDS)[number], string>;
  const version = Number.parseInt(textField(data, 'version'), 10);
  if (!Number.isInteger(version) || version < 0) {
    return failForm(400, { form: 'support', values, problem: 'The page was out of date. Reload it and make your change again.' });
  }
  const body = { ...Object.fromEntries(SUPPORT_FIELDS.map((f) => [f, values[f] === '' ? null : values[f]])), version };
  const outcome = await callApi(() =>
    apiFor(event).PUT('/api/organisations/{organisationId}/support', { params: { path: { organisationId: event.params.organisationId } }, body })
  );
  if (outcome.ok) {
    return formOk<FormState>({ form: 'support', success: 'The safeguarding contact and support line are saved. Members see them beside sensitive material.' });
  }
  return formFailure(
    outcome.problem,
    event,
    { form: 'support', values },
    {
      fields: Object.fromEntries(SUPPORT_FIELDS.map((f) => [f, { field: SUPPORT_IDS[f], label: SUPPORT_LABELS[f] }])),
      on: {
        conflict: () => ({ problem: 'Another admin saved these details after you opened this page. Reload the page to see them, then make your change again.' })
      }
    }
  );
}
