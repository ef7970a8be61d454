import { error, type RequestEvent } from '@sveltejs/kit';
import { SLUG } from '#lib/course-modules.js';
import type { FormState } from '#lib/form-state.js';
import { draftFromForm, draftProblems, questionFieldErrors, type QuestionDraft } from '#lib/authoring/question-form.js';
import type { ApiClient } from '#lib/server/api.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { failForm } from '#lib/server/form-result.js';
import { type FormFailureOptions, pageError } from '#lib/server/problems.js';

export interface QuestionFormState extends FormState {
  draft?: QuestionDraft;
}

/** The module (by slug, as the authoring pages address it) and its publication's text, for the editor. */
export async function moduleAndPublication(event: RequestEvent, moduleSlug: string) {
  if (!SLUG.test(moduleSlug)) error(404, 'Module not found');
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug } } }));
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Module not found' });
  return { module: outcome.data, publication: await publicationText(api, outcome.data.publicationSlug) };
}

/** The publication's title and source text; null when it cannot be read (the editor then asks for the passage only). */
export async function publicationText(api: ApiClient, slug: string) {
  const outcome = await callApi(() => api.GET('/api/publications/{slug}', { params: { path: { slug } } }));
  return outcome.ok ? { slug: outcome.data.slug, title: outcome.data.title, sourceText: outcome.data.sourceText } : null;
}

/** The posted editor, checked as far as the page can: a failure to answer, or the draft to send. */
export async function readQuestion(event: RequestEvent, { creating }: { creating: boolean }) {
  const draft = draftFromForm(await event.request.formData());
  const errors = draftProblems(draft, { creating });
  if (Object.keys(errors).length > 0) return { failure: failForm<QuestionFormState>(400, { form: 'question', draft, errors }), draft };
  return { failure: null, draft };
}

export const QUESTION_FAILURES: FormFailureOptions<QuestionFormState> = {
  on: {
    validation: (problem) => {
      const errors = questionFieldErrors(problem.fields);
      return Object.keys(errors).length ? { errors } : { problem: problem.message };
    },
    conflict: (problem) => ({ errors: { slug: problem.message } }),
    'edited-meanwhile': () => ({
      problem: 'Someone saved this question after you opened it. Your changes are below: copy what you need, reload the page, and make them again.'
    })
  }
};
