import type { EntityManager } from 'typeorm';
import { ContentValidationError } from '../../courses/index.js';
import { QuestionBankStore, type QuestionWriteOutcome, type SlotInput } from '../question-bank.store.js';
import type { QuizContent } from './quiz-content.types.js';

/** What the quiz files did to the database in one import. */
export interface QuizImportCounts {
  questions: Record<QuestionWriteOutcome | 'retired', number>;
  quizzes: { inserted: number; updated: number; unchanged: number; slotsChanged: number };
}

export const emptyQuizImportCounts = (): QuizImportCounts => ({
  questions: { inserted: 0, updated: 0, versioned: 0, unchanged: 0, retired: 0 },
  quizzes: { inserted: 0, updated: 0, unchanged: 0, slotsChanged: 0 },
});

export const quizImportChanged = (c: QuizImportCounts): boolean =>
  c.questions.inserted + c.questions.updated + c.questions.versioned + c.questions.retired + c.quizzes.inserted + c.quizzes.updated + c.quizzes.slotsChanged >
  0;

/**
 * Writes validated quiz files on the content import's transaction: each question upserted by
 * (module, id) through the question bank's own store (a changed question with attempts gets a new
 * version, an unchanged one writes nothing), the module's quiz settings and slots, and the content
 * questions no longer in a file retired. `moduleIds` holds every content module of the import
 * (slug -> id): a module with no quiz file keeps no content questions.
 */
export async function writeQuizzes(manager: EntityManager, quizzes: readonly QuizContent[], moduleIds: ReadonlyMap<string, string>): Promise<QuizImportCounts> {
  const store = new QuestionBankStore(manager);
  const counts = emptyQuizImportCounts();
  const byModule = new Map(quizzes.map((q) => [q.module, q]));
  // Sorted: two imports lock rows in the same order.
  for (const [slug, moduleId] of [...moduleIds].sort(([a], [b]) => a.localeCompare(b))) {
    const quiz = byModule.get(slug);
    if (!quiz) {
      counts.questions.retired += await store.retireQuestionsExcept(moduleId, [], 'content');
      continue;
    }
    // The authoring API owns authored questions: a file never takes one over.
    const taken = (await manager.query(`SELECT slug FROM questions WHERE module_id = $1 AND origin = 'authored' AND slug = ANY($2) ORDER BY slug`, [
      moduleId,
      quiz.questions.map((q) => q.slug),
    ])) as { slug: string }[];
    if (taken.length)
      throw new ContentValidationError([
        {
          file: quiz.file,
          line: 0,
          message: `question id(s) ${taken.map((t) => t.slug).join(', ')} belong to questions authored in the browser for module ${slug}; give the file's questions other ids`,
        },
      ]);
    const ids = new Map<string, string>();
    for (const q of quiz.questions) {
      const written = await store.upsertQuestion(
        moduleId,
        q.slug,
        {
          type: q.type,
          prompt: q.prompt,
          definition: q.definition,
          answerKey: q.answerKey,
          generalFeedback: q.generalFeedback,
          source: q.source,
          tags: q.tags,
        },
        'content',
      );
      ids.set(q.slug, written.id);
      counts.questions[written.outcome] += 1;
    }
    counts.questions.retired += await store.retireQuestionsExcept(
      moduleId,
      quiz.questions.map((q) => q.slug),
      'content',
    );
    const { id: quizId, outcome } = await store.ensureModuleQuiz(moduleId, quiz.settings);
    counts.quizzes[outcome] += 1;
    const slots: SlotInput[] = quiz.slots.map((s) =>
      s.question !== null ? { questionId: ids.get(s.question)!, points: s.points } : { tag: s.tag, drawCount: s.draw, points: s.points },
    );
    if (await store.setSlots(quizId, slots)) counts.quizzes.slotsChanged += 1;
  }
  return counts;
}

export function formatQuizImportCounts(c: QuizImportCounts): string[] {
  const q = c.questions;
  const z = c.quizzes;
  return [
    `  quiz questions ${q.inserted} inserted, ${q.updated} updated, ${q.versioned} new versions, ${q.unchanged} unchanged, ${q.retired} retired`,
    `  quizzes       ${z.inserted} inserted, ${z.updated} updated, ${z.unchanged} unchanged, ${z.slotsChanged} with new slots`,
  ];
}
