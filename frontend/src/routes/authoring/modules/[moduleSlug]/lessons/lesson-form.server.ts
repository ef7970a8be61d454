import type { RequestEvent } from '@sveltejs/kit';
import type { components } from '#lib/api/schema.js';
import { linesOf } from '#lib/course-modules.js';
import type { FormState } from '#lib/form-state.js';
import type { ApiClient } from '#lib/server/api.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors, rateLimitMessage, type ApiProblem } from '#lib/server/api-result.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { textField } from '#lib/server/form-data.js';
import { formAnswer, formFailure, kindOf, type FormFailureOptions } from '#lib/server/problems.js';

export type SourceRef = components['schemas']['SourceRefInputDto'];

/** What the lesson editor's actions answer. */
export interface LessonFormState extends FormState {
  sources?: SourceRef[];
  /** Server-sanitised HTML of the body (the no-JavaScript "Preview" button). */
  previewHtml?: string;
  /** Markdown for an uploaded image, to insert or copy. */
  snippet?: string;
}

export const LESSON_FIELDS = ['title', 'slug', 'estimatedMinutes', 'objectives', 'contentNote', 'bodyMarkdown', 'sources', 'file'];

export interface LessonValues extends Record<string, string> {
  title: string;
  slug: string;
  estimatedMinutes: string;
  objectives: string;
  contentNote: string;
  bodyMarkdown: string;
  /** The revision of the lesson as the editor loaded it (editing only). */
  revision: string;
}

export interface LessonInput {
  values: LessonValues;
  sources: SourceRef[];
  /** Rows where only one half was filled in. */
  halfSources: boolean;
}

export function readLessonForm(data: FormData): LessonInput {
  const values: LessonValues = {
    title: textField(data, 'title'),
    slug: textField(data, 'slug'),
    estimatedMinutes: textField(data, 'estimatedMinutes'),
    // Browsers send textarea line breaks as CRLF; the Markdown is stored with LF.
    objectives: textField(data, 'objectives', { trim: false }).replace(/\r\n?/g, '\n'),
    contentNote: textField(data, 'contentNote'),
    bodyMarkdown: textField(data, 'bodyMarkdown', { trim: false }).replace(/\r\n?/g, '\n'),
    revision: textField(data, 'revision')
  };
  const publications = data.getAll('sourcePublication').map((v) => (typeof v === 'string' ? v.trim() : ''));
  const passages = data.getAll('sourcePassage').map((v) => (typeof v === 'string' ? v.trim() : ''));
  const sources: SourceRef[] = [];
  let halfSources = false;
  for (let i = 0; i < Math.max(publications.length, passages.length); i++) {
    const publication = publications[i] ?? '';
    const passage = passages[i] ?? '';
    if (publication && passage) sources.push({ publication, passage });
    else if (publication || passage) halfSources = true;
  }
  return { values, sources, halfSources };
}

/** Checks what the API would refuse anyway, so the person hears it in the same words. */
export function lessonProblems(input: LessonInput, { creating }: { creating: boolean }): Record<string, string> {
  const { values } = input;
  const errors: Record<string, string> = {};
  if (!values.title) errors.title = 'Enter a title';
  if (creating && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.slug)) errors.slug = 'Enter a slug: lowercase letters, digits and single dashes';
  const minutes = Number(values.estimatedMinutes);
  if (!/^\d+$/.test(values.estimatedMinutes) || minutes < 1 || minutes > 600)
    errors.estimatedMinutes = 'Enter the estimated minutes, a whole number from 1 to 600';
  if (!values.bodyMarkdown.trim()) errors.bodyMarkdown = 'Write the lesson body';
  if (input.halfSources) errors.sources = 'Each source needs both a publication and a passage';
  return errors;
}

export function lessonBody(input: LessonInput) {
  const { values } = input;
  return {
    title: values.title,
    estimatedMinutes: Number(values.estimatedMinutes),
    objectives: linesOf(values.objectives),
    contentNote: values.contentNote || undefined,
    bodyMarkdown: values.bodyMarkdown,
    sources: input.sources
  };
}

/** The API's fields onto the form's controls; `sources.0.passage` and `objectives.1` count as their list. */
function lessonFieldErrors(problem: ApiProblem): { errors: Record<string, string>; problem?: string } {
  const fields: Record<string, string[]> = {};
  for (const [field, reasons] of Object.entries(problem.fields)) {
    const key = field.split(/[.[]/)[0] ?? field;
    fields[key] = [...(fields[key] ?? []), ...reasons];
  }
  const { errors, unmatched } = mapFieldErrors(
    { ...problem, fields },
    {
      title: { label: 'Title' },
      slug: { label: 'Slug' },
      estimatedMinutes: { label: 'Estimated minutes' },
      objectives: { label: 'Learning objectives' },
      contentNote: { label: 'Content note' },
      bodyMarkdown: { label: 'Lesson body', missing: 'Write the lesson body' },
      sources: { label: 'Sources' }
    }
  );
  return { errors, problem: unmatched.join(' ') || undefined };
}

/** How the lesson forms answer the API's refusals (see formFailure). */
export const LESSON_FAILURES: FormFailureOptions<LessonFormState> = {
  on: {
    validation: lessonFieldErrors,
    conflict: (problem) => ({ errors: { slug: problem.message } }),
    // Markdown the renderer refused (too complex or too deeply nested): said on the body field.
    'markdown-refused': (problem) => {
      const refused = (problem.fields.bodyMarkdown ?? problem.fields.markdown ?? [problem.message])[0] ?? problem.message;
      return { errors: { bodyMarkdown: refused.charAt(0).toUpperCase() + refused.slice(1) } };
    }
  }
};

/** The API's refusal onto the lesson form: errors by control, and anything else at the top. */
export function mapLessonProblem(problem: ApiProblem): { errors: Record<string, string>; problem?: string } {
  return { errors: {}, ...formAnswer<LessonFormState>(problem, LESSON_FAILURES) };
}

/** The no-JavaScript "Preview" button: renders the body on the server, keeping everything typed. */
export async function previewAction(event: RequestEvent) {
  const data = await event.request.formData();
  const input = readLessonForm(data);
  const api = apiFor(event);
  const outcome = await callApi(() => api.POST('/api/authoring/preview', { body: { markdown: input.values.bodyMarkdown } }));
  const base = { form: 'lesson', values: input.values, sources: input.sources };
  if (!outcome.ok) {
    // Only the body is previewed: a refusal of it is said on its field, anything else at the top.
    return formFailure<LessonFormState>(outcome.problem, event, base, {
      otherwise: (problem) => {
        const mapped = mapLessonProblem(problem);
        return {
          errors: mapped.errors.bodyMarkdown ? { bodyMarkdown: mapped.errors.bodyMarkdown } : undefined,
          problem: mapped.problem ?? (mapped.errors.bodyMarkdown ? undefined : 'The preview could not be made.')
        };
      }
    });
  }
  return formOk<LessonFormState>({ ...base, previewHtml: outcome.data.html });
}

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** What an image upload refusal means for the person, on the file field. */
export function imageProblem(problem: ApiProblem): string {
  switch (kindOf(problem)) {
    case 'unsupported-media':
      return 'The file must be a PNG, JPEG, WebP or GIF image';
    case 'too-large':
      return 'The image must be 2 MB or smaller';
    case 'forbidden':
      return 'You may not upload images';
    case 'rate-limited':
      return rateLimitMessage(problem);
    default:
      // Including a full storage quota: the API says how full, and what to do.
      return problem.message;
  }
}

export async function uploadImage(api: ApiClient, file: File) {
  return callApi(() =>
    api.POST('/api/authoring/images', {
      // The generated type describes the multipart field as a string; the real body is FormData.
      body: { file: '' },
      bodySerializer() {
        const form = new FormData();
        form.append('file', file, file.name || 'image');
        return form;
      }
    })
  );
}

/**
 * The "Upload image" button: the file goes to the API, and everything else typed comes back
 * unchanged, so nothing is lost without JavaScript either.
 */
export async function uploadAction(event: RequestEvent) {
  const data = await event.request.formData();
  const input = readLessonForm(data);
  const base = { form: 'lesson', values: input.values, sources: input.sources };
  const file = data.get('file');
  if (!(file instanceof File) || file.size === 0) {
    return failForm<LessonFormState>(400, { ...base, errors: { file: 'Choose an image to upload' } });
  }
  const outcome = await uploadImage(apiFor(event), file);
  if (!outcome.ok) {
    return formFailure<LessonFormState>(outcome.problem, event, base, { otherwise: (problem) => ({ errors: { file: imageProblem(problem) } }) });
  }
  const description =
    (file.name || 'image')
      .replace(/\.[a-z0-9]+$/i, '')
      .replace(/[[\]()]/g, ' ')
      .trim() || 'image';
  return formOk<LessonFormState>({
    ...base,
    snippet: `![${description}](${outcome.data.url})`,
    success: 'Image uploaded. Its Markdown is below: replace the description with what the image shows.'
  });
}
