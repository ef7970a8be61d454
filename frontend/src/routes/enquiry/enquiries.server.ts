import type { components } from '#lib/api/schema.js';
import type { ApiClient } from '#lib/server/api.js';
import { callApi, type ApiOutcome } from '#lib/server/api-result.js';

/** A short-lived marker so the thank-you page is only shown after an enquiry was accepted. */
export const ENQUIRY_SENT_COOKIE = 'htmse_enquiry_sent';

export type EnquiryBody = components['schemas']['CreateEnquiryDto'];

/** POST /api/enquiries (public; the API limits it to 5 an hour per address). */
export function sendEnquiry(api: ApiClient, body: EnquiryBody): Promise<ApiOutcome<components['schemas']['EnquiryReceiptDto']>> {
  return callApi(() => api.POST('/api/enquiries', { body }));
}
