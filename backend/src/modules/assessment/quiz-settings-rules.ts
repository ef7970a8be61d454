import type { FieldError } from '../../common/errors/domain-error.js';

export interface SlotInput {
  questionId?: string | null;
  tag?: string | null;
  drawCount?: number | null;
  points: number;
}

export interface ReviewPolicyInput {
  score: string;
  correctness: string;
  correctAnswers: string;
  feedback: string;
}

/**
 * The rules of a quiz's settings beyond each field's own shape (pure; quiz-settings-rules.spec.ts):
 * - a slot is either a fixed question or a random draw (tag and count), never both or neither;
 * - a fixed question is a live question of the module, used once;
 * - every draw can be met: a tag's draws together need that many live questions with the tag
 *   that are not already fixed questions of the quiz (the engine draws without repeats);
 * - "after the close date" review needs a close date.
 */
export function checkQuizSettings(
  input: { slots: SlotInput[]; reviewPolicy: ReviewPolicyInput; closesAt: string | null },
  live: readonly { id: string; tags: readonly string[] }[],
): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, reason: string) => errors.push({ field, reasons: [reason] });
  const liveIds = new Set(live.map((q) => q.id));
  const fixed = new Set<string>();
  const drawsByTag = new Map<string, number>();
  input.slots.forEach((slot, i) => {
    const hasQuestion = slot.questionId !== undefined && slot.questionId !== null;
    const hasDraw = (slot.tag !== undefined && slot.tag !== null) || (slot.drawCount !== undefined && slot.drawCount !== null);
    if (hasQuestion === hasDraw) {
      add(`slots[${i}]`, 'must be either a fixed question (questionId) or a random draw (tag and drawCount)');
      return;
    }
    if (hasQuestion) {
      if (!liveIds.has(slot.questionId!)) add(`slots[${i}].questionId`, 'is not a live question of this module');
      else if (fixed.has(slot.questionId!)) add(`slots[${i}].questionId`, 'is already in the quiz');
      fixed.add(slot.questionId!);
      return;
    }
    if (!slot.tag) add(`slots[${i}].tag`, 'is required for a random draw');
    else if (!slot.drawCount) add(`slots[${i}].drawCount`, 'is required for a random draw');
    else drawsByTag.set(slot.tag, (drawsByTag.get(slot.tag) ?? 0) + slot.drawCount);
  });
  for (const [tag, wanted] of drawsByTag) {
    const pool = live.filter((q) => q.tags.includes(tag) && !fixed.has(q.id)).length;
    if (pool < wanted) {
      const i = input.slots.findIndex((s) => s.tag === tag);
      add(`slots[${i}].drawCount`, `draws ${wanted} from tag "${tag}", which has ${pool} live question${pool === 1 ? '' : 's'} outside the fixed ones`);
    }
  }
  const afterClose = Object.entries(input.reviewPolicy).filter(([, timing]) => timing === 'after_close');
  if (afterClose.length && !input.closesAt) add('closesAt', `is required when review is "after the close date" (${afterClose.map(([k]) => k).join(', ')})`);
  return errors;
}
