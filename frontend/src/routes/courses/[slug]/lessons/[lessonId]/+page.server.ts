import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { supportViewOf } from '#lib/support.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { requireSignedIn, returnPath, sessionUser } from '#lib/server/guards.js';
import { loginUrl } from '#lib/safe-redirect.js';
import { formFailure, pageError } from '#lib/server/problems.js';

/** The API's bound on a reflection; checked here first so an over-long note is kept in the form, not lost. */
const REFLECTION_MAX_LENGTH = 5000;

interface ReflectionState extends FormState {
  saved?: { text: string; version: number; updatedAt: string };
}

interface CompleteState extends FormState {
  /** The lesson as recorded, and where its module stands now. */
  recorded?: { completedAt: string | null; moduleComplete: boolean; lessonsCompleted: number; lessonsRequired: number };
}

const ENROL_FIRST = 'Enrol on this course to record your progress.';

/** What the lesson page knows of the reader's progress on this lesson; null when nothing is recorded (signed out, not enrolled). */
export interface LessonReading {
  completedAt: string | null;
  position: number | null;
  moduleComplete: boolean;
}
import type { ModuleQuiz } from '#lib/quiz/module-quiz.js';
import { getMyCourseProgress, recordProgress } from '#lib/server/progress-api.js';

/**
 * The lesson reader lives at /courses/<course slug>/lessons/<lesson id>: a lesson is always read
 * within a course (its contents sidebar and previous/next run across that course). One API call:
 * with ?course= the lesson answer carries the course's contents for the sidebar too, and the
 * reader's own private reflection; the support panel's contacts come from the session (/api/me).
 */
export const load: PageServerLoad = async (event) => {
  const { params } = event;
  const api = apiFor(event);
  const user = sessionUser(event);
  // ?course= makes previous/next run across the whole course, not only the lesson's module,
  // and answers 404 when this course does not contain the lesson. Signed in, the reader's
  // progress in the course comes at the same time (not enrolled: none, and nothing is recorded).
  const [outcome, progress] = await Promise.all([
    callApi(() => api.GET('/api/lessons/{id}', { params: { path: { id: params.lessonId }, query: { course: params.slug } } })),
    user ? getMyCourseProgress(api, params.slug) : Promise.resolve(null)
  ]);
  // Unknown, malformed, not in this course, or not readable by this person: all "not found".
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Lesson not found' });
  const { contents, ...lesson } = outcome.data;
  // Only what the sidebar shows is sent to the page.
  const course = { slug: lesson.course?.slug ?? params.slug, title: lesson.course?.title ?? '', modules: contents ?? [] };
  // The end of a module leads on to its quiz: only then is the course asked for its modules' quizzes.
  const module = course.modules.find((m) => m.slug === lesson.module.slug);
  let moduleQuiz: ModuleQuiz | null = null;
  if (module && module.lessons.at(-1)?.id === lesson.id) {
    const detail = await callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug: course.slug } } }));
    // Without it the lesson still shows; only the way on to the quiz is missing.
    if (detail.ok) moduleQuiz = detail.data.modules.find((m) => m.slug === lesson.module.slug)?.quiz ?? null;
  }
  let reading: LessonReading | null = null;
  if (progress?.ok) {
    const moduleProgress = progress.data.modules.find((m) => m.slug === lesson.module.slug);
    const mine = moduleProgress?.lessons.find((l) => l.lessonId === lesson.id);
    reading = { completedAt: mine?.completedAt ?? null, position: mine?.position ?? null, moduleComplete: moduleProgress?.complete ?? false };
  }
  return {
    lesson,
    reading,
    course,
    moduleQuiz,
    signedIn: user !== null,
    signInHref: loginUrl(returnPath(event.url)),
    // A lesson with a content note is a sensitive page: the support panel, and the quick exit (every lesson has it).
    support: lesson.contentNote ? supportViewOf(user) : null
  };
};

export const actions: Actions = {
  /** "Mark as complete": works without JavaScript; the reading tracker does the same when the reader reaches the end. */
  complete: async (event) => {
    requireSignedIn(event);
    const outcome = await recordProgress(apiFor(event), event.params.lessonId, { course: event.params.slug, completed: true });
    if (outcome.ok) {
      const { completedAt, module } = outcome.data;
      return formOk<CompleteState>({
        form: 'complete',
        recorded: { completedAt, moduleComplete: module.complete, lessonsCompleted: module.lessonsCompleted, lessonsRequired: module.lessonsRequired },
        success: 'Lesson marked as complete.'
      });
    }
    // NOT_ENROLLED (409): progress is recorded only on a course the reader is enrolled on.
    if (outcome.problem.code === 'NOT_ENROLLED') return failForm<CompleteState>(409, { form: 'complete', problem: ENROL_FIRST });
    return formFailure<CompleteState>(
      outcome.problem,
      event,
      { form: 'complete' },
      {
        on: {
          forbidden: () => ({ problem: ENROL_FIRST }),
          'not-found': () => ({ problem: ENROL_FIRST }),
          'rule-broken': (problem) => ({ problem: problem.message })
        }
      }
    );
  },

  saveReflection: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const text = textField(data, 'text');
    const version = Number.parseInt(textField(data, 'version'), 10);
    const values = { text };
    if (text.length > REFLECTION_MAX_LENGTH) {
      return failForm<ReflectionState>(400, {
        form: 'reflection',
        values,
        errors: { text: `Your note is ${text.length.toLocaleString('en-GB')} characters long; it can be at most 5,000.` }
      });
    }
    if (!Number.isInteger(version) || version < 0) {
      return failForm<ReflectionState>(400, {
        form: 'reflection',
        values,
        problem: 'The page was out of date. Copy your text, reload the page and save again.'
      });
    }
    const api = apiFor(event);
    const outcome = await callApi(() =>
      api.PUT('/api/lessons/{lessonId}/reflection', { params: { path: { lessonId: event.params.lessonId } }, body: { text, version } })
    );
    if (outcome.ok) {
      return formOk<ReflectionState>({
        form: 'reflection',
        saved: { text: outcome.data.text, version: outcome.data.version, updatedAt: outcome.data.updatedAt },
        success: 'Your reflection is saved. Only you can read it.'
      });
    }
    return formFailure<ReflectionState>(
      outcome.problem,
      event,
      { form: 'reflection', values },
      {
        fields: { text: { label: 'Your reflection', missing: 'Write your reflection' } },
        on: {
          // Saved from another tab since this page was loaded: the text typed here is kept in the form.
          conflict: () => ({
            problem: 'This note was saved from another window after you opened this page. Your text is below: copy it, reload the page, and save it again.'
          })
        }
      }
    );
  }
};
