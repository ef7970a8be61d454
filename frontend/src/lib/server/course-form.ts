import type { RequestEvent } from '@sveltejs/kit';
import { applyModuleOp, parseModuleOp, postedModuleSlugs, SLUG } from '#lib/course-modules.js';
import type { FormState } from '#lib/form-state.js';
import { mapFieldErrors, type ApiProblem } from './api-result';
import { failForm, formOk } from './form-result';
import { textField } from './form-data';
import type { FormFailureOptions } from './problems';

/** What the course forms' actions answer: the usual state plus the chosen modules, in order. */
export interface CourseFormState extends FormState {
  modules?: string[];
}

export interface CourseValues extends Record<string, string> {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  objectives: string;
  passMark: string;
  defaultDuePeriodDays: string;
  /** Tailored courses: who can see it, 'organisation' or 'cohorts' ('' on a public course's form). */
  publishedTo: string;
  /** The revision of the course as the form loaded it (editing only). */
  revision: string;
}

export interface CourseInput {
  values: CourseValues;
  modules: string[];
}

export const COURSE_FIELDS = ['title', 'slug', 'summary', 'audience', 'objectives', 'modules', 'passMark', 'defaultDuePeriodDays', 'publishedTo'];

/** Who can see a tailored course: its whole organisation, or only the cohorts it is assigned to. */
export const PUBLISHED_TO = ['organisation', 'cohorts'] as const;
export type PublishedTo = (typeof PUBLISHED_TO)[number];

export function readCourseForm(data: FormData): CourseInput {
  return {
    values: {
      slug: textField(data, 'slug'),
      title: textField(data, 'title'),
      summary: textField(data, 'summary'),
      audience: textField(data, 'audience'),
      objectives: textField(data, 'objectives', { trim: false }).replace(/\r\n?/g, '\n'),
      passMark: textField(data, 'passMark'),
      defaultDuePeriodDays: textField(data, 'defaultDuePeriodDays'),
      publishedTo: textField(data, 'publishedTo'),
      revision: textField(data, 'revision')
    },
    modules: postedModuleSlugs(data)
  };
}

export function courseProblems(input: CourseInput, { slug, publishedTo = false }: { slug: boolean; publishedTo?: boolean }): Record<string, string> {
  const { values, modules } = input;
  const errors: Record<string, string> = {};
  if (!values.title) errors.title = 'Enter a title';
  if (slug && !SLUG.test(values.slug)) errors.slug = 'Enter a slug: lowercase letters, digits and single dashes';
  if (modules.length === 0) errors.modules = 'Add at least one module';
  if (modules.length > 20) errors.modules = 'A course has at most 20 modules';
  if (!/^\d{1,3}$/.test(values.passMark) || Number(values.passMark) > 100) errors.passMark = 'Enter the pass mark, a whole number from 0 to 100';
  if (
    values.defaultDuePeriodDays &&
    (!/^\d{1,3}$/.test(values.defaultDuePeriodDays) || Number(values.defaultDuePeriodDays) < 1 || Number(values.defaultDuePeriodDays) > 365)
  ) {
    errors.defaultDuePeriodDays = 'Enter the due period in days, from 1 to 365, or leave it empty';
  }
  // Left out (a form without the choice): unchanged, or the organisation for a new course.
  if (publishedTo && values.publishedTo && !isPublishedTo(values.publishedTo)) {
    errors.publishedTo = 'Choose who can see this course: everyone in the organisation, or only the cohorts it is assigned to';
  }
  return errors;
}

/**
 * The module buttons (up, down, remove, add): they change only the list and answer everything
 * typed, so the same form works with and without JavaScript. Nothing is saved until "Save".
 */
export async function reorderAction(event: RequestEvent) {
  const data = await event.request.formData();
  const input = readCourseForm(data);
  const op = parseModuleOp(textField(data, 'op'));
  const added = textField(data, 'addModuleSlug') || textField(data, 'addModule');
  if (!op)
    return failForm<CourseFormState>(400, {
      form: 'course',
      values: input.values,
      modules: input.modules,
      problem: 'That change to the modules was not understood.'
    });
  if (op.kind === 'add' && !SLUG.test(added)) {
    return failForm<CourseFormState>(400, {
      form: 'course',
      values: input.values,
      modules: input.modules,
      errors: { addModule: 'Choose a module to add, or enter its slug' }
    });
  }
  return formOk<CourseFormState>({ form: 'course', values: input.values, modules: applyModuleOp(input.modules, op, added) });
}

/** The API's fields onto the course form; `moduleSlugs.2` and `objectives.1` count as their list. */
function courseFieldErrors(problem: ApiProblem): { errors: Record<string, string>; problem?: string } {
  const fields: Record<string, string[]> = {};
  for (const [field, reasons] of Object.entries(problem.fields)) {
    const base = field.split(/[.[]/)[0] ?? field;
    const key = base === 'moduleSlugs' ? 'modules' : base;
    fields[key] = [...(fields[key] ?? []), ...reasons];
  }
  const { errors, unmatched } = mapFieldErrors(
    { ...problem, fields },
    {
      title: { label: 'Title' },
      slug: { label: 'Course slug' },
      summary: { label: 'Summary' },
      audience: { label: 'Audience' },
      objectives: { label: 'Objectives' },
      modules: { label: 'Modules', missing: 'Add at least one module' },
      passMark: { label: 'Pass mark' },
      defaultDuePeriodDays: { label: 'Due period' },
      publishedTo: { label: 'Who can see this course' }
    }
  );
  return { errors, problem: unmatched.join(' ') || undefined };
}

/** How the course forms answer the API's refusals (see formFailure): fields by field, a taken slug on the slug. */
export const COURSE_FAILURES: FormFailureOptions<CourseFormState> = {
  on: {
    validation: courseFieldErrors,
    conflict: (problem) => ({ errors: { slug: problem.message } })
  }
};

export function isPublishedTo(value: string): value is PublishedTo {
  return (PUBLISHED_TO as readonly string[]).includes(value);
}

/** The form's choice for the API; undefined (unchanged) when the form did not have one. */
export function publishedToOf(values: CourseValues): PublishedTo | undefined {
  return isPublishedTo(values.publishedTo) ? values.publishedTo : undefined;
}

export function dueDays(values: CourseValues): number | undefined {
  return values.defaultDuePeriodDays ? Number(values.defaultDuePeriodDays) : undefined;
}
