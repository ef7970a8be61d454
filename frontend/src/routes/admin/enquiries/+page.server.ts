import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/authoring.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { textField } from '#lib/server/form-data.js';
import { ENQUIRY_STATUSES, isEnquiryStatus, STATUS_LABELS } from './statuses';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const statusParam = event.url.searchParams.get('status') ?? '';
  const status = isEnquiryStatus(statusParam) ? statusParam : undefined;
  const cursor = event.url.searchParams.get('cursor')?.trim() || undefined;
  const outcome = await callApi(() => apiFor(event).GET('/api/enquiries', { params: { query: { status, cursor, limit: 20 } } }));
  if (!outcome.ok && outcome.problem.status === 401) redirect(303, `/login?next=${encodeURIComponent('/admin/enquiries')}`);
  return {
    status: status ?? '',
    cursor: cursor ?? '',
    statuses: ENQUIRY_STATUSES,
    enquiries: outcome.ok ? outcome.data : null,
    problem: outcome.ok
      ? null
      : outcome.problem.status === 400
        ? 'This page of results is no longer available. Start again from the first page.'
        : outcome.problem.message
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
    const outcome = await callApi(() =>
      apiFor(event).PATCH('/api/enquiries/{enquiryId}', { params: { path: { enquiryId } }, body: { status } })
    );
    if (outcome.ok) {
      return formOk({ form: 'status', success: `The enquiry from ${outcome.data.organisation} is now “${STATUS_LABELS[outcome.data.status]}”.` });
    }
    if (outcome.problem.status === 401) redirect(303, `/login?next=${encodeURIComponent('/admin/enquiries')}`);
    const message = outcome.problem.status === 404 ? 'That enquiry no longer exists.' : outcome.problem.message;
    return failForm(outcome.problem.status >= 500 ? 503 : outcome.problem.status, { form: 'status', problem: message });
  }
};
