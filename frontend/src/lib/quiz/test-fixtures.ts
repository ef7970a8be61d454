/** An attempt with one question of each type, for the quiz pages' unit tests. */
import type { AttemptItemView, AttemptView, QuizView } from './types';

export const QUIZ_ID = '0b8f5c1e-0000-4000-8000-00000000a001';
export const ATTEMPT_ID = '0b8f5c1e-0000-4000-8000-00000000b001';

const item = (position: number, extra: Partial<AttemptItemView> & Pick<AttemptItemView, 'type' | 'prompt'>): AttemptItemView => ({
  id: `item-${position}`,
  position,
  answer: null,
  flagged: false,
  ...extra
});

export const ITEMS: AttemptItemView[] = [
  item(1, {
    type: 'single',
    prompt: 'How many people were in forced labour on any given day in 2021?',
    options: [
      { id: 'o1', text: '4 million' },
      { id: 'o2', text: '27.6 million' },
      { id: 'o3', text: '50 million' }
    ]
  }),
  item(2, {
    type: 'multiple',
    prompt: 'Which sections does the report have?',
    options: [
      { id: 'm1', text: 'Forced labour' },
      { id: 'm2', text: 'Forced marriage' },
      { id: 'm3', text: 'Housing benefit' }
    ]
  }),
  item(3, { type: 'true_false', prompt: 'The scoping study reviewed 28 studies.' }),
  item(4, { type: 'numeric', prompt: 'How many studies did the review find?', unit: 'studies' }),
  item(5, { type: 'short_text', prompt: 'Name the form of control in which a debt is used to exploit someone.' }),
  item(6, {
    type: 'matching',
    prompt: 'Match each publication to its publisher.',
    items: [
      { id: 'l1', text: 'Ending Forced Labour by 2030' },
      { id: 'l2', text: 'Understanding and Responding' }
    ],
    choices: [
      { id: 'r1', text: 'ILO' },
      { id: 'r2', text: 'IASC' }
    ]
  }),
  item(7, {
    type: 'ordering',
    prompt: 'Put the steps in the order the protocol gives them.',
    items: [
      { id: 's1', text: 'Identify' },
      { id: 's2', text: 'Refer' },
      { id: 's3', text: 'Support' }
    ]
  })
];

export function attemptFixture(extra: Partial<AttemptView> = {}): AttemptView {
  return {
    id: ATTEMPT_ID,
    quizId: QUIZ_ID,
    quizTitle: 'Ending forced labour: quiz',
    number: 1,
    status: 'in_progress',
    version: 3,
    startedAt: '2026-12-02T09:00:00.000Z',
    deadlineAt: null,
    submittedAt: null,
    items: ITEMS.map((i) => structuredClone(i)),
    result: null,
    ...extra
  };
}

export function quizFixture(extra: Partial<QuizView> = {}): QuizView {
  return {
    id: QUIZ_ID,
    moduleId: 'module-1',
    title: 'Ending forced labour: quiz',
    questionCount: 7,
    passMark: 70,
    maxAttempts: 3,
    attemptsUsed: 0,
    attemptsLeft: 3,
    waitSeconds: 0,
    nextAttemptAt: null,
    timeLimitSeconds: 1800,
    extraTimeSeconds: 0,
    gradingMethod: 'highest',
    reviewPolicy: { score: 'immediately', correctness: 'immediately', correctAnswers: 'after_close', feedback: 'immediately' },
    closesAt: null,
    inProgressAttemptId: null,
    grade: null,
    attempts: [],
    ...extra
  };
}
