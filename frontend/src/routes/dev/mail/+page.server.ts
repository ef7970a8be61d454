import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { pageError } from '#lib/server/problems.js';
import { linkify } from './linkify';

/** Development only: the API answers 404 in production (or when real mail is configured). */
export const load: PageServerLoad = async (event) => {
  const api = apiFor(event, { signedIn: false });
  const outcome = await callApi(() => api.GET('/api/dev/mail'));
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Not found' });
  // Split into text and link parts here, so the page renders only escaped text and <a> elements.
  const mails = outcome.data.map((mail) => ({
    id: mail.id,
    to: mail.to,
    from: mail.from,
    subject: mail.subject,
    sentAt: mail.sentAt,
    parts: linkify(mail.text)
  }));
  return { mails };
};
