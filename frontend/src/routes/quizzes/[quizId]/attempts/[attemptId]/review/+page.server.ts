import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { summaryPath } from '#lib/quiz/paths.js';
import { apiFor } from '#lib/server/api-event.js';
import { getMyProgress } from '#lib/server/progress-api.js';
import { loadAttempt } from '../attempt-load.server';

/** The way back from a result: the course the quiz belongs to, and whether its module is now complete. */
export interface WayBack {
  courseSlug: string;
  courseTitle: string;
  moduleTitle: string;
  moduleComplete: boolean;
  coursePercent: number;
}

/** The review shows only what the API returns, which is what the quiz's review policy allows now. */
export const load: PageServerLoad = async (event) => {
  const attempt = await loadAttempt(event);
  if (attempt.status === 'in_progress') redirect(303, summaryPath(event.params.quizId, event.params.attemptId));
  // The learner's courses say which one this quiz is in, and where its module stands after this
  // attempt. Without them the result still shows, with the way back to the quiz only.
  const progress = await getMyProgress(apiFor(event));
  let wayBack: WayBack | null = null;
  if (progress.ok) {
    for (const enrolment of progress.data.courses) {
      const module = enrolment.modules.find((m) => m.quiz?.quizId === attempt.quizId);
      if (!module) continue;
      wayBack = {
        courseSlug: enrolment.courseSlug,
        courseTitle: enrolment.courseTitle,
        moduleTitle: module.title,
        moduleComplete: module.complete,
        coursePercent: enrolment.percentComplete
      };
      break;
    }
  }
  return { attempt, wayBack };
};
