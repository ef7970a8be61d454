import type { QueryRunner } from 'typeorm';
import { LessonRenderer } from './lesson-renderer.js';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * What a stored lesson shows when its Markdown was refused by the renderer (too complex or too
 * deep, possible only for lessons saved before renders had limits): the source as plain
 * paragraphs, escaped, so learners still get the words and nothing is interpreted. Linear in the
 * input. Its author sees the Markdown in the editor, and saving it again renders it or says why not.
 */
export function plainTextLessonHtml(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>\n`)
    .join('');
}

/**
 * Renders every lesson's body_html again from its Markdown, off the event loop and time-limited
 * like any render; a refused one gets plainTextLessonHtml. Used by the migration that added the
 * column; a later change to the renderer's output (marked, the sanitiser's allow-list) ships a
 * migration that calls it again, so no stored lesson keeps HTML the current renderer would not make.
 */
export async function rerenderAllLessons(q: QueryRunner, renderer: LessonRenderer = new LessonRenderer()): Promise<{ rendered: number; plain: number }> {
  const counts = { rendered: 0, plain: 0 };
  const ids: { id: string }[] = await q.query(`SELECT id FROM lessons ORDER BY id`);
  try {
    for (const { id } of ids) {
      const [row]: { bodyMarkdown: string }[] = await q.query(`SELECT body_markdown AS "bodyMarkdown" FROM lessons WHERE id = $1`, [id]);
      if (!row) continue;
      const outcome = await renderer.renderInBatch(row.bodyMarkdown);
      const html = outcome.ok ? outcome.html : plainTextLessonHtml(row.bodyMarkdown);
      counts[outcome.ok ? 'rendered' : 'plain']++;
      await q.query(`UPDATE lessons SET body_html = $2 WHERE id = $1`, [id, html]);
    }
  } finally {
    await renderer.close();
  }
  return counts;
}
