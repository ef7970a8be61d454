import { describe, expect, it } from 'vitest';
import { isoDuration, statementIdFor, toStatement, uuidV5, VERBS, type LearningContext, type LearningEvent, type XapiStatement } from './statements.mapping.js';

const BASE = 'https://academy.example.org';
const ID = '6f1c1a52-8d0e-4d6f-9a37-3f1b2e0c4d5a';
const STORED = new Date('2026-12-02T10:00:00.123Z');
const USER = '0b9f3c2e-1111-4a2b-8c3d-222222222222';
const context: LearningContext = {
  organisationId: '0c0c0c0c-3333-4a2b-8c3d-444444444444',
  course: { id: 'c0c0c0c0-5555-4a2b-8c3d-666666666666', title: 'Recognising trafficking' },
  courseVersion: { id: 'v0v0v0v0-7777-4a2b-8c3d-888888888888'.replace(/v/g, 'a'), number: 3 },
  enrolmentId: 'e0e0e0e0-9999-4a2b-8c3d-aaaaaaaaaaaa',
};
const lesson = { id: 'l1', title: 'Indicators' };
const module = { id: 'm1', title: 'Module one' };
const quiz = { id: 'q1', title: 'Module one quiz' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// ISO 8601 date-time with an offset or Z (xAPI 1.0.3 §4.5: timestamps are ISO 8601; UTC recommended).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// ISO 8601 duration as xAPI uses it (§4.1.5.1: at most 0.01 s precision).
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
const isIri = (s: unknown) => typeof s === 'string' && /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(s);
const isLanguageMap = (m: unknown) =>
  typeof m === 'object' &&
  m !== null &&
  Object.keys(m).length > 0 &&
  Object.entries(m).every(([k, v]) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(k) && typeof v === 'string');

/** The xAPI 1.0.3 rules the stored statements rely on; a list of broken ones (empty: valid). */
function xapiProblems(s: XapiStatement): string[] {
  const p: string[] = [];
  if (!UUID.test(s.id)) p.push('id must be a UUID');
  if (s.version !== '1.0.3') p.push('version must be 1.0.3');
  // Actor: an Agent with exactly one inverse functional identifier; here an account (homePage IRL + name).
  const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => k in s.actor);
  if (s.actor.objectType !== 'Agent' || ifis.length !== 1) p.push('actor must be an Agent with exactly one identifier');
  if (!isIri(s.actor.account?.homePage) || !s.actor.account?.name) p.push('actor.account needs homePage (IRL) and name');
  if (!isIri(s.verb?.id) || !isLanguageMap(s.verb.display)) p.push('verb needs an IRI id and a language map display');
  if (s.object?.objectType !== 'Activity' || !isIri(s.object.id)) p.push('object must be an Activity with an IRI id');
  if (!isIri(s.object?.definition?.type) || !isLanguageMap(s.object?.definition?.name)) p.push('object.definition needs an IRI type and a name');
  if (!ISO_INSTANT.test(s.timestamp) || Number.isNaN(Date.parse(s.timestamp))) p.push('timestamp must be ISO 8601');
  if (!ISO_INSTANT.test(s.stored)) p.push('stored must be ISO 8601');
  const score = s.result?.score;
  if (score?.scaled !== undefined && (score.scaled < -1 || score.scaled > 1)) p.push('score.scaled must be in [-1, 1]');
  if (score?.min !== undefined && score.max !== undefined && score.min >= score.max) p.push('score.min < score.max');
  if (s.result?.duration !== undefined && !ISO_DURATION.test(s.result.duration)) p.push('result.duration must be an ISO 8601 duration');
  if (s.context.registration !== undefined && !UUID.test(s.context.registration)) p.push('context.registration must be a UUID');
  if (!Object.keys(s.context.extensions).every(isIri)) p.push('extension keys must be IRIs');
  for (const list of Object.values(s.context.contextActivities ?? {})) {
    if (!list.every((a) => a.objectType === 'Activity' && isIri(a.id))) p.push('contextActivities must be Activities');
  }
  if (s.authority.objectType !== 'Agent' || !s.authority.account) p.push('authority must be an Agent');
  return p;
}

const base = { userId: USER, context };
const every: LearningEvent[] = [
  { ...base, kind: 'enrolled' },
  { ...base, kind: 'viewed-lesson', lesson, module },
  { ...base, kind: 'completed-lesson', lesson, module, result: { durationSeconds: 754.2 } },
  { ...base, kind: 'attempted', quiz, module, attemptId: 'a0a0a0a0-bbbb-4a2b-8c3d-cccccccccccc' },
  {
    ...base,
    kind: 'passed',
    quiz,
    module,
    attemptId: 'a0a0a0a0-bbbb-4a2b-8c3d-cccccccccccc',
    result: { score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, durationSeconds: 600 },
  },
  { ...base, kind: 'failed', quiz, module, attemptId: 'a0a0a0a0-bbbb-4a2b-8c3d-cccccccccccc', result: { score: { scaled: 0.4, raw: 4, min: 0, max: 10 } } },
  { ...base, kind: 'completed-course', result: { score: { scaled: 0.9 }, durationSeconds: 7200 } },
  { ...base, kind: 'certificate-issued', certificate: { id: 'cert1', title: 'Certificate: Recognising trafficking' } },
];
const map = (event: LearningEvent) => toStatement(event, { baseUrl: `${BASE}/`, id: ID, stored: STORED });

describe('toStatement', () => {
  it.each(every.map((e) => [e.kind, e] as const))('%s: a valid xAPI 1.0.3 statement', (_kind, event) => {
    expect(xapiProblems(map(event).statement)).toEqual([]);
  });

  it('maps each kind to its ADL verb and object', () => {
    const got = every.map((e) => {
      const s = map(e).statement;
      return [e.kind, s.verb.id, s.object.id, s.object.definition.type];
    });
    expect(got).toEqual([
      ['enrolled', VERBS.registered, `${BASE}/xapi/activities/course/${context.course.id}`, 'http://adlnet.gov/expapi/activities/course'],
      ['viewed-lesson', VERBS.experienced, `${BASE}/xapi/activities/lesson/l1`, 'http://adlnet.gov/expapi/activities/lesson'],
      ['completed-lesson', 'http://adlnet.gov/expapi/verbs/completed', `${BASE}/xapi/activities/lesson/l1`, 'http://adlnet.gov/expapi/activities/lesson'],
      ['attempted', 'http://adlnet.gov/expapi/verbs/attempted', `${BASE}/xapi/activities/quiz/q1`, 'http://adlnet.gov/expapi/activities/assessment'],
      ['passed', 'http://adlnet.gov/expapi/verbs/passed', `${BASE}/xapi/activities/quiz/q1`, 'http://adlnet.gov/expapi/activities/assessment'],
      ['failed', 'http://adlnet.gov/expapi/verbs/failed', `${BASE}/xapi/activities/quiz/q1`, 'http://adlnet.gov/expapi/activities/assessment'],
      [
        'completed-course',
        'http://adlnet.gov/expapi/verbs/completed',
        `${BASE}/xapi/activities/course/${context.course.id}`,
        'http://adlnet.gov/expapi/activities/course',
      ],
      ['certificate-issued', 'http://id.tincanapi.com/verb/earned', `${BASE}/xapi/activities/certificate/cert1`, `${BASE}/xapi/activity-types/certificate`],
    ]);
  });

  it('names the actor by platform account only: no email, no name', () => {
    const row = map(every[0]!);
    expect(row.statement.actor).toEqual({ objectType: 'Agent', account: { homePage: BASE, name: USER } });
    expect(JSON.stringify(row.statement)).not.toMatch(/mailto:|@/);
  });

  it('fills the columns an LRS filters on from the statement', () => {
    const row = map(every[4]!);
    expect(row).toMatchObject({
      id: ID,
      userId: USER,
      organisationId: context.organisationId,
      courseId: context.course.id,
      courseVersionId: context.courseVersion.id,
      registration: context.enrolmentId,
      verbId: VERBS.passed,
      objectId: `${BASE}/xapi/activities/quiz/q1`,
      stored: STORED,
    });
    expect(row.statement.id).toBe(ID);
    expect(row.statement.stored).toBe('2026-12-02T10:00:00.123Z');
  });

  it('puts organisation, course version, registration and the attempt in the context', () => {
    const s = map(every[4]!).statement;
    expect(s.context).toEqual({
      registration: context.enrolmentId,
      platform: 'HTMSE Academy',
      language: 'en',
      contextActivities: {
        parent: [
          {
            objectType: 'Activity',
            id: `${BASE}/xapi/activities/module/m1`,
            definition: { type: 'http://adlnet.gov/expapi/activities/module', name: { en: 'Module one' } },
          },
        ],
        grouping: [
          {
            objectType: 'Activity',
            id: `${BASE}/xapi/activities/course/${context.course.id}`,
            definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { en: 'Recognising trafficking' } },
          },
        ],
      },
      extensions: {
        [`${BASE}/xapi/extensions/organisation`]: context.organisationId,
        [`${BASE}/xapi/extensions/course-version`]: { id: context.courseVersion.id, number: 3 },
        [`${BASE}/xapi/extensions/attempt`]: 'a0a0a0a0-bbbb-4a2b-8c3d-cccccccccccc',
      },
    });
  });

  it('gives the course its revision only when the course is the object, and leaves out what is absent', () => {
    const enrolled = map({ userId: USER, kind: 'enrolled', context: { ...context, organisationId: null, enrolmentId: null } }).statement;
    expect(enrolled.context.revision).toBe('3');
    expect(enrolled.context).not.toHaveProperty('registration');
    expect(enrolled.context).not.toHaveProperty('contextActivities');
    expect(Object.keys(enrolled.context.extensions)).toEqual([`${BASE}/xapi/extensions/course-version`]);
    expect(enrolled).not.toHaveProperty('result');
    expect(map(every[1]!).statement.context).not.toHaveProperty('revision');
    const noModule = map({ userId: USER, kind: 'viewed-lesson', context, lesson }).statement;
    expect(noModule.context.contextActivities).toEqual({ parent: [expect.objectContaining({ id: `${BASE}/xapi/activities/course/${context.course.id}` })] });
  });

  it('sets success and completion from the verb', () => {
    expect(map(every[4]!).statement.result).toEqual({ score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, success: true, completion: true, duration: 'PT10M' });
    expect(map(every[5]!).statement.result).toMatchObject({ success: false, completion: true });
    expect(map(every[2]!).statement.result).toEqual({ completion: true, duration: 'PT12M34.2S' });
    expect(map(every[6]!).statement.result).toEqual({ score: { scaled: 0.9 }, completion: true, duration: 'PT2H' });
  });

  it('uses the event time as timestamp, and the storing time without one', () => {
    const at = new Date('2026-11-30T08:15:00Z');
    expect(map({ ...every[1]!, at }).statement.timestamp).toBe('2026-11-30T08:15:00.000Z');
    expect(map(every[1]!).statement.timestamp).toBe(STORED.toISOString());
  });

  it('refuses what xAPI forbids: a score outside its rules, a negative duration, a statement id that is not a UUID', () => {
    const passed = (score: object, durationSeconds?: number): LearningEvent => ({
      ...base,
      kind: 'passed',
      quiz,
      attemptId: 'x',
      result: { score, durationSeconds },
    });
    expect(() => map(passed({ scaled: 1.01 }))).toThrow(/scaled must be between -1 and 1/);
    expect(() => map(passed({ scaled: -1.5 }))).toThrow(/scaled/);
    expect(() => map(passed({ min: 10, max: 10 }))).toThrow(/min .* less than/);
    expect(() => map(passed({ raw: 11, min: 0, max: 10 }))).toThrow(/raw/);
    expect(() => map(passed({ raw: Number.NaN }))).toThrow(/finite/);
    expect(() => map(passed({ scaled: 1 }, -1))).toThrow(/duration/);
    expect(() => toStatement(every[0]!, { baseUrl: BASE, id: 'not-a-uuid', stored: STORED })).toThrow(/UUID/);
    // The bounds themselves are allowed.
    expect(map(passed({ scaled: -1 })).statement.result?.score).toEqual({ scaled: -1 });
    expect(map(passed({ scaled: 1, raw: 10, min: 0, max: 10 })).statement.result?.score).toEqual({ scaled: 1, raw: 10, min: 0, max: 10 });
  });
});

describe('isoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [0.004, 'PT0S'],
    [0.5, 'PT0.5S'],
    [59.999, 'PT1M'],
    [60, 'PT1M'],
    [61.25, 'PT1M1.25S'],
    [3600, 'PT1H'],
    [3725.5, 'PT1H2M5.5S'],
    [90000, 'PT25H'],
  ])('%s s → %s', (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
    expect(iso).toMatch(ISO_DURATION);
  });

  it('refuses negative and non-finite durations', () => {
    expect(() => isoDuration(-0.5)).toThrow(RangeError);
    expect(() => isoDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('statementIdFor', () => {
  it('is RFC 4122 version 5 (checked against a reference value)', () => {
    expect(uuidV5('hello', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('9342d47a-1bab-5709-9869-c840b2eac501');
    expect(statementIdFor('completed-lesson', 'e1', 'l1')).toBe('a8dc0876-39b8-5dcd-9b96-b1f22b6d647d');
  });

  it('gives one key one id, and keys that differ only in how they split different ids', () => {
    expect(statementIdFor('passed', 'attempt-1')).toBe(statementIdFor('passed', 'attempt-1'));
    expect(statementIdFor('passed', 'attempt-1')).not.toBe(statementIdFor('failed', 'attempt-1'));
    expect(statementIdFor('a', 'bc')).not.toBe(statementIdFor('ab', 'c'));
    expect(statementIdFor('x')).toMatch(UUID);
  });
});
