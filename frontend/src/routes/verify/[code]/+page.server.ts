import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { normaliseCertificateCode } from '#lib/certificates/code.js';
import { apiFor } from '#lib/server/api-event.js';
import { verifyCertificate } from '#lib/server/certificates-api.js';
import { pageError } from '#lib/server/problems.js';

const NOT_FOUND = 'No certificate has this code.';

/**
 * The public verification page (the certificate's QR code and verification address lead here):
 * the certificate's public facts and whether it stands, asked anew on every visit (a revocation
 * shows at once), as an anonymous caller whoever is signed in. An unknown code: 404 with the
 * not-found state (+error.svelte), and a form to try again.
 */
export const load: PageServerLoad = async (event) => {
  // Holders' names are not for search engines; a revocation must never be hidden by a cache.
  event.setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  const code = normaliseCertificateCode(event.params.code);
  if (!code) error(404, NOT_FOUND);
  const outcome = await verifyCertificate(apiFor(event, { signedIn: false }), code);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: NOT_FOUND });
  return { certificate: outcome.data };
};
