import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { textField } from '#lib/server/form-data.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, sectionProblem } from '#lib/server/problems.js';
import { ENQUIRY_STATUSES, isEnquiryStatus, STATUS_LABELS } from './statuses';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const statusParam = event.url.searchParams.get('status') ?? '';
  const status = isEnquiryStatus(statusParam) ? statusParam : undefined;
  const cursor = event.url.searchParams.get('cursor')?.trim() || undefined;
  const outcome = await callApi(() => apiFor(event).GET('/api/enquiries', { params: { query: { status, cursor, limit: 20 } } }));
  return {
    status: status ?? '',
    cursor: cursor ?? '',
    statuses: ENQUIRY_STATUSES,
    enquiries: outcome.ok ? outcome.data : null,
    problem: outcome.ok ? null : sectionProblem(outcome.problem, event)
  };
};

export const actions: Actions = {
  setStatus: async (event) => {
    requirePlatformAdmin(event);
    const data = await event.request.formData();
    const enquiryId = textField(data, 'enquiryId');
    const status = textField(data, 'status');
    if (!UUID.test(enquiryId) || !isEnquiryStatus(status)) {
      return failForm(400, { form: 'status', problem: 'Choose a status from the list.' });
    }
    const outcome = await callApi(() => apiFor(event).PATCH('/api/enquiries/{enquiryId}', { params: { path: { enquiryId } }, body: { status } }));
    if (outcome.ok) {
      return formOk({ form: 'status', success: `The enquiry from ${outcome.data.organisation} is now “${STATUS_LABELS[outcome.data.status]}”.` });
    }
    return formFailure(outcome.problem, event, { form: 'status' }, { on: { 'not-found': () => ({ problem: 'That enquiry no longer exists.' }) } });
  }
};
