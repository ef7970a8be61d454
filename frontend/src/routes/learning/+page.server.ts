import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from '#lib/server/api-event.js';
import { textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { organisationNameOf } from '#lib/server/organisation-name.js';
import { formFailure, isInvalidInput, pageError } from '#lib/server/problems.js';
import { getMyProgress, retakeCourse } from '#lib/server/progress-api.js';
import { certificateStateOf, type CertificateState } from '#lib/certificates/pending.js';
import { listMyCertificates } from '#lib/server/certificates-api.js';
import { getMyAssignments } from '#lib/server/cohorts-api.js';
import type { MyAssignment } from '#lib/cohorts/types.js';
import { redirect } from '@sveltejs/kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RetakeState extends FormState {
  /** The enrolment whose re-take failed, so its card says so. */
  enrolmentId?: string;
}

/** How many certificates My learning lists; the rest are on /learning/certificates. */
const CERTIFICATES_SHOWN = 3;

/**
 * "My learning": the learner's own courses, progress, quiz results and completions (GET
 * /api/me/progress), and their newest certificates (GET /api/me/certificates), asked at once.
 * Signed out: to sign in and back here.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const cursor = event.url.searchParams.get('cursor') ?? '';
  const api = apiFor(event);
  // The courses assigned to the learner's cohorts come first, on the first page only; the newest certificates beside them.
  const [outcome, assigned, certificates] = await Promise.all([
    getMyProgress(api, cursor || undefined),
    cursor ? null : getMyAssignments(api),
    listMyCertificates(api)
  ]);
  const assignments: MyAssignment[] = assigned?.ok ? assigned.data.items : [];
  if (!outcome.ok) {
    // A stale or hand-edited cursor: say so and offer the first page rather than failing the page.
    if (cursor && isInvalidInput(outcome.problem)) {
      return {
        dashboard: null,
        cursor,
        organisationName: '',
        assignments,
        loadProblem: 'This page of your courses is no longer available.',
        certificates: null,
        moreCertificates: false,
        certificateStates: {} as Record<string, CertificateState>
      };
    }
    pageError(outcome.problem, event);
  }
  // Without them (a list could not be read), the rest of the page still shows.
  const items = certificates.ok ? certificates.data.items : [];
  const now = Date.now();
  const certificateStates: Record<string, CertificateState> = {};
  if (certificates.ok) {
    for (const course of outcome.data.courses) {
      const state = certificateStateOf(course.completion, course.courseSlug, items, { now, complete: certificates.data.nextCursor === null });
      if (state) certificateStates[course.enrolmentId] = state;
    }
  }
  return {
    dashboard: outcome.data,
    cursor,
    organisationName: organisationNameOf(user),
    assignments,
    loadProblem: null,
    certificates: certificates.ok ? items.slice(0, CERTIFICATES_SHOWN) : null,
    moreCertificates: certificates.ok && (items.length > CERTIFICATES_SHOWN || certificates.data.nextCursor !== null),
    certificateStates
  };
};

export const actions: Actions = {
  /** Re-take a course whose completion expired or is about to: a new enrolment; the old record is archived. */
  retake: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const enrolmentId = textField(data, 'enrolmentId');
    if (!UUID.test(enrolmentId)) {
      return failForm<RetakeState>(400, { form: 'retake', problem: 'The page was out of date. Reload it and try again.' });
    }
    const outcome = await retakeCourse(apiFor(event), enrolmentId);
    if (!outcome.ok) {
      return formFailure<RetakeState>(
        outcome.problem,
        event,
        { form: 'retake', enrolmentId },
        { on: { 'not-found': () => ({ problem: 'That course is no longer in your learning. Reload the page.' }) } }
      );
    }
    // The new enrolment starts at the course page, from the first lesson.
    redirect(303, `/courses/${encodeURIComponent(outcome.data.courseSlug)}?retake=started`);
  }
};
