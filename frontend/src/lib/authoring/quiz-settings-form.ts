/**
 * The quiz settings form: read from a posted form, checked, and turned into the API's body; the
 * API's settings onto the form. Times are edited in minutes, stored in seconds. Pure
 * (quiz-settings-form.spec.ts), shared by the module and tailored-course settings pages.
 */
import type { components } from '#lib/api/schema.js';

export type QuizSettings = components['schemas']['QuizSettingsDto'];
export type QuizSettingsBody = components['schemas']['UpdateQuizSettingsDto'];
type Timing = QuizSettingsBody['reviewPolicy']['score'];

export const GRADING_METHODS = [
  { value: 'highest', label: 'Highest attempt' },
  { value: 'last', label: 'Last attempt' },
  { value: 'first', label: 'First attempt' },
  { value: 'average', label: 'Average of attempts' }
];

export const REVIEW_TIMINGS = [
  { value: 'immediately', label: 'Straight after the attempt' },
  { value: 'after_close', label: 'After the close date' },
  { value: 'never', label: 'Never' }
];

export const REVIEW_PARTS = [
  { key: 'score', label: 'Score' },
  { key: 'correctness', label: 'Which answers were right' },
  { key: 'correctAnswers', label: 'The right answers' },
  { key: 'feedback', label: 'Feedback' }
] as const;

export interface SlotRow {
  kind: 'fixed' | 'draw';
  questionId: string;
  tag: string;
  drawCount: string;
  points: string;
}

export interface SettingsDraft {
  title: string;
  passMark: string;
  maxAttempts: string;
  waitMinutes: string;
  timeLimitMinutes: string;
  gradingMethod: string;
  review: Record<(typeof REVIEW_PARTS)[number]['key'], string>;
  /** "YYYY-MM-DDTHH:MM" in UTC, or empty. */
  closesAt: string;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  slots: SlotRow[];
  version: string;
}

const minutes = (seconds: number | null) => (seconds === null ? '' : String(Math.round((seconds / 60) * 100) / 100));

export function draftFromSettings(s: QuizSettings): SettingsDraft {
  return {
    title: s.title,
    passMark: String(s.passMark),
    maxAttempts: s.maxAttempts === null ? '' : String(s.maxAttempts),
    waitMinutes: minutes(s.waitSeconds) || '0',
    timeLimitMinutes: minutes(s.timeLimitSeconds),
    gradingMethod: s.gradingMethod,
    review: { ...s.reviewPolicy },
    closesAt: s.closesAt ? s.closesAt.slice(0, 16) : '',
    shuffleQuestions: s.shuffleQuestions,
    shuffleOptions: s.shuffleOptions,
    slots: s.slots.map((slot) => ({
      kind: slot.questionId ? 'fixed' : 'draw',
      questionId: slot.questionId ?? '',
      tag: slot.tag ?? '',
      drawCount: slot.drawCount === null ? '' : String(slot.drawCount),
      points: String(slot.points)
    })),
    version: String(s.version)
  };
}

const text = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};
const all = (data: FormData, name: string) => data.getAll(name).map((v) => (typeof v === 'string' ? v.trim() : ''));

export function draftFromSettingsForm(data: FormData): SettingsDraft {
  const kinds = all(data, 'slotKind');
  const questions = all(data, 'slotQuestion');
  const tags = all(data, 'slotTag');
  const counts = all(data, 'slotDrawCount');
  const points = all(data, 'slotPoints');
  return {
    title: text(data, 'title'),
    passMark: text(data, 'passMark'),
    maxAttempts: text(data, 'maxAttempts'),
    waitMinutes: text(data, 'waitMinutes'),
    timeLimitMinutes: text(data, 'timeLimitMinutes'),
    gradingMethod: text(data, 'gradingMethod'),
    review: {
      score: text(data, 'reviewScore'),
      correctness: text(data, 'reviewCorrectness'),
      correctAnswers: text(data, 'reviewCorrectAnswers'),
      feedback: text(data, 'reviewFeedback')
    },
    closesAt: text(data, 'closesAt'),
    shuffleQuestions: data.get('shuffleQuestions') === 'on',
    shuffleOptions: data.get('shuffleOptions') === 'on',
    slots: kinds.map((kind, i) => ({
      kind: kind === 'draw' ? 'draw' : 'fixed',
      questionId: questions[i] ?? '',
      tag: tags[i] ?? '',
      drawCount: counts[i] ?? '',
      points: points[i] ?? '1'
    })),
    version: text(data, 'version')
  };
}

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** The form's problems by control, and the body when there are none. */
export function checkSettingsDraft(d: SettingsDraft): { errors: Record<string, string>; body: QuizSettingsBody | null } {
  const errors: Record<string, string> = {};
  if (!d.title) errors.title = 'Enter a title';
  if (!WHOLE.test(d.passMark) || Number(d.passMark) > 100) errors.passMark = 'Enter a pass mark from 0 to 100';
  if (d.maxAttempts && (!WHOLE.test(d.maxAttempts) || Number(d.maxAttempts) < 1 || Number(d.maxAttempts) > 100))
    errors.maxAttempts = 'Enter a number of attempts from 1 to 100, or leave it empty for unlimited';
  if (!DECIMAL.test(d.waitMinutes || '0') || Number(d.waitMinutes) > 43200)
    errors.waitMinutes = 'Enter the minutes between attempts, from 0 to 43200 (30 days)';
  if (d.timeLimitMinutes && (!DECIMAL.test(d.timeLimitMinutes) || Number(d.timeLimitMinutes) < 1 || Number(d.timeLimitMinutes) > 1440))
    errors.timeLimitMinutes = 'Enter a time limit from 1 to 1440 minutes, or leave it empty for no limit';
  if (!GRADING_METHODS.some((g) => g.value === d.gradingMethod)) errors.gradingMethod = 'Choose how attempts make the grade';
  for (const part of REVIEW_PARTS) {
    if (!REVIEW_TIMINGS.some((t) => t.value === d.review[part.key]))
      errors[`review${part.key[0]!.toUpperCase()}${part.key.slice(1)}`] = `Choose when learners see: ${part.label.toLowerCase()}`;
  }
  const closes = d.closesAt ? new Date(`${d.closesAt}:00Z`) : null;
  if (closes && Number.isNaN(closes.getTime())) errors.closesAt = 'Enter a close date and time';
  if (!closes && Object.values(d.review).includes('after_close')) errors.closesAt = 'Enter a close date: review is set for after it';
  if (d.slots.length === 0) errors.slots = 'Add at least one question or draw';
  d.slots.forEach((s, i) => {
    if (errors.slots) return;
    if (s.kind === 'fixed' && !s.questionId) errors.slots = `Slot ${i + 1}: choose a question`;
    else if (s.kind === 'draw' && (!s.tag || !WHOLE.test(s.drawCount) || Number(s.drawCount) < 1 || Number(s.drawCount) > 20))
      errors.slots = `Slot ${i + 1}: choose a tag and how many questions to draw (1 to 20)`;
    else if (!WHOLE.test(s.points) || Number(s.points) < 1 || Number(s.points) > 100) errors.slots = `Slot ${i + 1}: points must be from 1 to 100`;
  });
  if (!WHOLE.test(d.version)) errors.slots ??= 'Reload the page: the form lost which version it edits';
  if (Object.keys(errors).length) return { errors, body: null };
  return {
    errors,
    body: {
      title: d.title,
      passMark: Number(d.passMark),
      maxAttempts: d.maxAttempts ? Number(d.maxAttempts) : null,
      waitSeconds: Math.round(Number(d.waitMinutes || '0') * 60),
      timeLimitSeconds: d.timeLimitMinutes ? Math.round(Number(d.timeLimitMinutes) * 60) : null,
      gradingMethod: d.gradingMethod as QuizSettingsBody['gradingMethod'],
      reviewPolicy: {
        score: d.review.score as Timing,
        correctness: d.review.correctness as Timing,
        correctAnswers: d.review.correctAnswers as Timing,
        feedback: d.review.feedback as Timing
      },
      closesAt: closes ? closes.toISOString() : null,
      shuffleQuestions: d.shuffleQuestions,
      shuffleOptions: d.shuffleOptions,
      slots: d.slots.map((s) =>
        s.kind === 'fixed' ? { questionId: s.questionId, points: Number(s.points) } : { tag: s.tag, drawCount: Number(s.drawCount), points: Number(s.points) }
      ),
      version: Number(d.version)
    }
  };
}

/** The API's refusal by field onto the form's controls. */
export function settingsFieldErrors(fields: Record<string, string[]>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, reasons] of Object.entries(fields)) {
    const reason = reasons[0] ?? 'is not valid';
    const slot = /^slots\[(\d+)\]/.exec(field);
    if (slot) {
      errors.slots ??= `Slot ${Number(slot[1]) + 1}: ${reason}`;
      continue;
    }
    const control =
      field === 'waitSeconds'
        ? 'waitMinutes'
        : field === 'timeLimitSeconds'
          ? 'timeLimitMinutes'
          : field.startsWith('reviewPolicy.')
            ? `review${field.charAt(13).toUpperCase()}${field.slice(14)}`
            : field;
    errors[control] ??= reason.charAt(0).toUpperCase() + reason.slice(1);
  }
  return errors;
}
