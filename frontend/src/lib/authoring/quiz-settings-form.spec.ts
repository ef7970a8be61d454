import { describe, expect, it } from 'vitest';
import { checkSettingsDraft, draftFromSettings, draftFromSettingsForm, settingsFieldErrors, type QuizSettings } from './quiz-settings-form';

const settings: QuizSettings = {
  id: 'z',
  moduleId: 'm',
  moduleSlug: 'mod',
  courseId: null,
  editable: true,
  inherited: false,
  title: 'Quiz',
  passMark: 70,
  maxAttempts: null,
  waitSeconds: 90,
  timeLimitSeconds: 1200,
  gradingMethod: 'highest',
  reviewPolicy: { score: 'immediately', correctness: 'immediately', correctAnswers: 'after_close', feedback: 'never' },
  closesAt: '2027-01-31T17:00:00.000Z',
  shuffleQuestions: true,
  shuffleOptions: false,
  version: 3,
  slots: [
    { position: 1, questionId: 'q1', prompt: 'P', tag: null, drawCount: null, points: 1 },
    { position: 2, questionId: null, prompt: null, tag: 'figures', drawCount: 3, points: 2 }
  ],
  tags: [{ tag: 'figures', count: 4 }]
};

function post(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe('quiz settings form', () => {
  it('shows times in minutes and the close date in UTC, and gives back the same body', () => {
    const draft = draftFromSettings(settings);
    expect(draft.waitMinutes).toBe('1.5');
    expect(draft.timeLimitMinutes).toBe('20');
    expect(draft.closesAt).toBe('2027-01-31T17:00');
    const { errors, body } = checkSettingsDraft(draft);
    expect(errors).toEqual({});
    expect(body).toEqual({
      title: 'Quiz',
      passMark: 70,
      maxAttempts: null,
      waitSeconds: 90,
      timeLimitSeconds: 1200,
      gradingMethod: 'highest',
      reviewPolicy: settings.reviewPolicy,
      closesAt: '2027-01-31T17:00:00.000Z',
      shuffleQuestions: true,
      shuffleOptions: false,
      slots: [
        { questionId: 'q1', points: 1 },
        { tag: 'figures', drawCount: 3, points: 2 }
      ],
      version: 3
    });
  });

  it('reads a posted form: unchecked boxes are false, empty limits are none', () => {
    const draft = draftFromSettingsForm(
      post([
        ['title', 'Quiz'],
        ['passMark', '80'],
        ['maxAttempts', ''],
        ['waitMinutes', '0'],
        ['timeLimitMinutes', ''],
        ['gradingMethod', 'last'],
        ['reviewScore', 'immediately'],
        ['reviewCorrectness', 'never'],
        ['reviewCorrectAnswers', 'never'],
        ['reviewFeedback', 'immediately'],
        ['closesAt', ''],
        ['shuffleOptions', 'on'],
        ['slotKind', 'draw'],
        ['slotQuestion', ''],
        ['slotTag', 'figures'],
        ['slotDrawCount', '2'],
        ['slotPoints', '1'],
        ['version', '0']
      ])
    );
    const { body } = checkSettingsDraft(draft);
    expect(body).toMatchObject({ passMark: 80, maxAttempts: null, timeLimitSeconds: null, shuffleQuestions: false, shuffleOptions: true, version: 0 });
    expect(body?.slots).toEqual([{ tag: 'figures', drawCount: 2, points: 1 }]);
  });

  it('refuses what the API would, on the right control', () => {
    const draft = {
      ...draftFromSettings(settings),
      passMark: '101',
      closesAt: '',
      slots: [{ kind: 'fixed' as const, questionId: '', tag: '', drawCount: '', points: '1' }]
    };
    const { errors, body } = checkSettingsDraft(draft);
    expect(body).toBeNull();
    expect(errors).toEqual({
      passMark: 'Enter a pass mark from 0 to 100',
      closesAt: 'Enter a close date: review is set for after it',
      slots: 'Slot 1: choose a question'
    });
  });

  it('puts the API’s field errors on the controls', () => {
    expect(
      settingsFieldErrors({ 'slots[2].drawCount': ['draws 4 from tag "x", which has 1 live question'], timeLimitSeconds: ['must not be less than 60'] })
    ).toEqual({
      slots: 'Slot 3: draws 4 from tag "x", which has 1 live question',
      timeLimitMinutes: 'Must not be less than 60'
    });
  });
});
