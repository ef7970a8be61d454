import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { normaliseCertificateCode, verifyPath } from '#lib/certificates/code.js';

/**
 * "Check a certificate": a form for the code printed on it. The form is a GET to this page, so it
 * works without JavaScript; a code that can be one goes on to its verification page.
 */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
  setHeaders({ 'x-robots-tag': 'noindex' });
  const typed = url.searchParams.get('code');
  if (typed === null) return { typed: '', error: null };
  const code = normaliseCertificateCode(typed);
  if (code) redirect(303, verifyPath(code));
  return {
    typed: typed.slice(0, 100),
    error: typed.trim()
      ? 'Enter the code as it is printed on the certificate: letters and numbers, for example HTM-7K3M-Q9XZ-2B4T'
      : 'Enter the certificate code'
  };
};
