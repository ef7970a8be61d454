import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ENQUIRY_SENT_COOKIE } from '../enquiries.server';

/** Only reached after an enquiry was accepted; anyone else is sent to the form. */
export const load: PageServerLoad = ({ cookies }) => {
  if (!cookies.get(ENQUIRY_SENT_COOKIE)) redirect(303, '/enquiry');
  cookies.delete(ENQUIRY_SENT_COOKIE, { path: '/enquiry' });
  return {};
};
