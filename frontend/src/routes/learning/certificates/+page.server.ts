import type { PageServerLoad } from './$types';
import { certificateStateOf } from '#lib/certificates/pending.js';
import { apiFor } from '#lib/server/api-event.js';
import { listMyCertificates } from '#lib/server/certificates-api.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { getMyProgress } from '#lib/server/progress-api.js';
import { isInvalidInput, pageError } from '#lib/server/problems.js';

/**
 * The learner's certificates (GET /api/me/certificates, a page at a time), and on the first page
 * the completed courses whose certificate is still being prepared (issuance runs in the background).
 */
export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const cursor = event.url.searchParams.get('cursor')?.trim() ?? '';
  const api = apiFor(event);
  const [certificates, progress] = await Promise.all([listMyCertificates(api, cursor || undefined), cursor ? null : getMyProgress(api)]);
  if (!certificates.ok) {
    if (cursor && isInvalidInput(certificates.problem)) {
      return { certificates: null, nextCursor: null, cursor, preparing: [], loadProblem: 'This page of your certificates is no longer available.' };
    }
    pageError(certificates.problem, event);
  }
  const now = Date.now();
  // Not knowing what is being prepared only leaves out a note: the list itself stands.
  const preparing =
    progress?.ok === true
      ? progress.data.courses.flatMap((course) => {
          const state = certificateStateOf(course.completion, course.courseSlug, certificates.data.items, {
            now,
            complete: certificates.data.nextCursor === null
          });
          return state && state.kind !== 'ready' ? [{ courseTitle: course.courseTitle, courseSlug: course.courseSlug, ...state }] : [];
        })
      : [];
  return { certificates: certificates.data.items, nextCursor: certificates.data.nextCursor, cursor, preparing, loadProblem: null };
};
