import { describe, expect, it } from 'vitest';
import { problemOf } from '#lib/server/api-result.js';
import { mapLessonProblem } from './lesson-form.server';

const refusal = (field: string) =>
  problemOf(
    {
      statusCode: 422,
      code: 'MARKDOWN_REFUSED',
      message: `${field}: this Markdown is too complex to render within 1 s; simplify it`,
      details: { fields: [{ field, reasons: ['this Markdown is too complex to render within 1 s; simplify it'] }] }
    },
    new Response(null, { status: 422 })
  );

describe('mapLessonProblem', () => {
  it('puts a refused render on the lesson body, from a save (bodyMarkdown) or a preview (markdown)', () => {
    for (const field of ['bodyMarkdown', 'markdown']) {
      expect(mapLessonProblem(refusal(field))).toEqual({
        errors: { bodyMarkdown: 'This Markdown is too complex to render within 1 s; simplify it' }
      });
    }
  });

  it('keeps other rule violations at the top of the form', () => {
    const imported = problemOf(
      { statusCode: 422, code: 'CONTENT_MANAGED_BY_FILES', message: 'imported from backend/content; edit the file' },
      new Response(null, { status: 422 })
    );
    expect(mapLessonProblem(imported)).toEqual({ errors: {}, problem: 'imported from backend/content; edit the file' });
  });
});
