/**
 * Learning events as xAPI 1.0.3 statements: a pure mapping (no I/O), so the shape every stored
 * statement has is decided and tested in one place. The stored JSON is the statement as an LRS
 * would serve it (id, actor, verb, object, result, context, timestamp, stored, authority,
 * version), see docs/learning-records.md.
 */

import { createHash } from 'node:crypto';

export const XAPI_VERSION = '1.0.3';

/** ADL verbs (http://adlnet.gov/expapi/verbs/…); `earned` from the Tin Can registry (ADL has no verb for an award). */
export const VERBS = {
  registered: 'http://adlnet.gov/expapi/verbs/registered',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  attempted: 'http://adlnet.gov/expapi/verbs/attempted',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  earned: 'http://id.tincanapi.com/verb/earned',
} as const;
export type VerbName = keyof typeof VERBS;

/** ADL activity types; a certificate has none there, so it has a platform-defined type (under the platform URL). */
export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  quiz: 'http://adlnet.gov/expapi/activities/assessment',
} as const;
export type ActivityKind = keyof typeof ACTIVITY_TYPES | 'certificate';

/** The score of a result, as xAPI has it: scaled in [-1, 1], raw within [min, max]. */
export interface EventScore {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

/** What a learning event reports about its outcome. `durationSeconds` becomes an ISO 8601 duration. */
export interface EventResult {
  score?: EventScore;
  success?: boolean;
  completion?: boolean;
  durationSeconds?: number;
}

export interface Titled {
  id: string;
  title: string;
}

/** Where an event happened: the organisation whose record it is (null: a learner's own learning), the course, its pinned version, the enrolment. */
export interface LearningContext {
  organisationId: string | null;
  course: Titled;
  courseVersion: { id: string; number: number };
  /** The enrolment id: the xAPI registration that ties an enrolment's statements together. */
  enrolmentId: string | null;
}

interface EventBase {
  userId: string;
  context: LearningContext;
  /** When it happened (the statement's timestamp); default: when it is recorded. */
  at?: Date;
  /**
   * The statement id, for writers that may record the same event twice (a retried job, a repeated
   * progress call): derive it from the event's business key and the second record is a no-op.
   * Default: a random UUID.
   */
  statementId?: string;
}

/** Every learning event the platform records, by kind. */
export type LearningEvent =
  | (EventBase & { kind: 'enrolled' })
  | (EventBase & { kind: 'viewed-lesson'; lesson: Titled; module?: Titled })
  | (EventBase & { kind: 'completed-lesson'; lesson: Titled; module?: Titled; result?: Pick<EventResult, 'durationSeconds'> })
  | (EventBase & { kind: 'attempted'; quiz: Titled; attemptId: string; module?: Titled })
  | (EventBase & { kind: 'passed' | 'failed'; quiz: Titled; attemptId: string; module?: Titled; result: Omit<EventResult, 'success' | 'completion'> })
  | (EventBase & { kind: 'completed-course'; result?: Omit<EventResult, 'completion'> })
  | (EventBase & { kind: 'certificate-issued'; certificate: Titled });

export type LearningEventKind = LearningEvent['kind'];

// ── the xAPI shapes stored and served ──────────────────────────────────────────
export type LanguageMap = Record<string, string>;

export interface XapiAgent {
  objectType: 'Agent';
  name?: string;
  account: { homePage: string; name: string };
}

export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition: { type: string; name: LanguageMap };
}

export interface XapiResult {
  score?: EventScore;
  success?: boolean;
  completion?: boolean;
  duration?: string;
}

export interface XapiContext {
  registration?: string;
  revision?: string;
  platform: string;
  language: string;
  contextActivities?: {
    parent?: Pick<XapiActivity, 'objectType' | 'id' | 'definition'>[];
    grouping?: Pick<XapiActivity, 'objectType' | 'id' | 'definition'>[];
  };
  extensions: Record<string, unknown>;
}

export interface XapiStatement {
  id: string;
  actor: XapiAgent;
  verb: { id: string; display: LanguageMap };
  object: XapiActivity;
  result?: XapiResult;
  context: XapiContext;
  timestamp: string;
  stored: string;
  authority: XapiAgent;
  version: typeof XAPI_VERSION;
}

/** The columns a statement is stored with besides its JSON: what an LRS filters on. */
export interface StatementRow {
  id: string;
  userId: string;
  organisationId: string | null;
  courseId: string;
  courseVersionId: string;
  registration: string | null;
  verbId: string;
  objectId: string;
  timestamp: Date;
  stored: Date;
  statement: XapiStatement;
}

export const PLATFORM_NAME = 'HTMSE Academy';
/** Titles are written in English; xAPI language maps are keyed by RFC 5646 tags. */
const LANG = 'en';

/** The IRIs of the platform's activities, extensions and its own activity type, under its public URL. */
export function xapiIris(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    base,
    activity: (kind: ActivityKind, id: string) => `${base}/xapi/activities/${kind}/${id}`,
    certificateType: `${base}/xapi/activity-types/certificate`,
    extension: {
      organisation: `${base}/xapi/extensions/organisation`,
      courseVersion: `${base}/xapi/extensions/course-version`,
      attempt: `${base}/xapi/extensions/attempt`,
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A name-based UUID (RFC 4122 version 5: SHA-1 of the namespace and the name). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The namespace of the platform's derived statement ids (a constant: changing it would change every derived id). */
export const STATEMENT_ID_NAMESPACE = '5b6e3c39-0d39-4d51-a4a6-3c1ad0f2f6c1';

/**
 * A statement id derived from an event's business key, for `LearningEvent.statementId`: the same
 * key always gives the same id, so recording the event again stores nothing. E.g.
 * `statementIdFor('completed-lesson', enrolmentId, lessonId)`.
 */
export function statementIdFor(...key: string[]): string {
  return uuidV5(key.join('\u001f'), STATEMENT_ID_NAMESPACE);
}

/**
 * xAPI 1.0.3 durations are ISO 8601 durations; LRSs keep 0.01 s precision, so seconds are
 * rounded to hundredths. 3725.5 → "PT1H2M5.5S", 0 → "PT0S".
 */
export function isoDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) throw new RangeError(`duration must be a finite number of seconds >= 0, not ${totalSeconds}`);
  const hundredths = Math.round(totalSeconds * 100);
  const hours = Math.floor(hundredths / 360_000);
  const minutes = Math.floor((hundredths % 360_000) / 6_000);
  const seconds = (hundredths % 6_000) / 100;
  let out = 'PT';
  if (hours) out += `${hours}H`;
  if (minutes) out += `${minutes}M`;
  if (seconds || out === 'PT') out += `${Number(seconds.toFixed(2))}S`;
  return out;
}

/** The xAPI rules on a score: scaled in [-1, 1]; min < max; raw within them. A caller's bug otherwise, so it throws. */
export function checkScore(score: EventScore): EventScore {
  const { scaled, raw, min, max } = score;
  for (const [name, value] of Object.entries(score)) {
    if (value !== undefined && !Number.isFinite(value)) throw new RangeError(`score.${name} must be a finite number`);
  }
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) throw new RangeError(`score.scaled must be between -1 and 1, not ${scaled}`);
  if (min !== undefined && max !== undefined && !(min < max)) throw new RangeError(`score.min (${min}) must be less than score.max (${max})`);
  if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max)))
    throw new RangeError(`score.raw (${raw}) must be within min and max`);
  const out: EventScore = {};
  if (scaled !== undefined) out.scaled = scaled;
  if (raw !== undefined) out.raw = raw;
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  return out;
}

function toResult(result: EventResult | undefined): XapiResult | undefined {
  if (!result) return undefined;
  const out: XapiResult = {};
  if (result.score && Object.keys(result.score).length) out.score = checkScore(result.score);
  if (result.success !== undefined) out.success = result.success;
  if (result.completion !== undefined) out.completion = result.completion;
  if (result.durationSeconds !== undefined) out.duration = isoDuration(result.durationSeconds);
  return Object.keys(out).length ? out : undefined;
}

const display = (word: string): LanguageMap => ({ [LANG]: word });

/**
 * The statement for an event. `id` and `stored` come from the writer (stored: when the platform
 * stored it; timestamp: when it happened). The actor is an account on the platform (its user id),
 * never an email address or a name: the records are exported to organisations and, later,
 * served by an LRS.
 */
export function toStatement(event: LearningEvent, options: { baseUrl: string; id: string; stored: Date }): StatementRow {
  const iri = xapiIris(options.baseUrl);
  if (!UUID.test(options.id)) throw new RangeError(`statement id must be a UUID, not ${options.id}`);
  const { context } = event;
  const activity = (kind: ActivityKind, thing: Titled): XapiActivity => ({
    objectType: 'Activity',
    id: iri.activity(kind, thing.id),
    definition: { type: kind === 'certificate' ? iri.certificateType : ACTIVITY_TYPES[kind], name: display(thing.title) },
  });
  const course = activity('course', context.course);

  let verb: VerbName;
  let object: XapiActivity;
  let result: XapiResult | undefined;
  let parent: XapiActivity | undefined;
  const extensions: Record<string, unknown> = { [iri.extension.courseVersion]: { id: context.courseVersion.id, number: context.courseVersion.number } };
  if (context.organisationId) extensions[iri.extension.organisation] = context.organisationId;

  switch (event.kind) {
    case 'enrolled':
      verb = 'registered';
      object = course;
      break;
    case 'viewed-lesson':
      verb = 'experienced';
      object = activity('lesson', event.lesson);
      parent = event.module ? activity('module', event.module) : course;
      break;
    case 'completed-lesson':
      verb = 'completed';
      object = activity('lesson', event.lesson);
      parent = event.module ? activity('module', event.module) : course;
      result = toResult({ ...event.result, completion: true });
      break;
    case 'attempted':
      verb = 'attempted';
      object = activity('quiz', event.quiz);
      parent = event.module ? activity('module', event.module) : course;
      extensions[iri.extension.attempt] = event.attemptId;
      break;
    case 'passed':
    case 'failed':
      verb = event.kind;
      object = activity('quiz', event.quiz);
      parent = event.module ? activity('module', event.module) : course;
      extensions[iri.extension.attempt] = event.attemptId;
      result = toResult({ ...event.result, success: event.kind === 'passed', completion: true });
      break;
    case 'completed-course':
      verb = 'completed';
      object = course;
      result = toResult({ ...event.result, completion: true });
      break;
    case 'certificate-issued':
      verb = 'earned';
      object = activity('certificate', event.certificate);
      parent = course;
      break;
  }

  const xapiContext: XapiContext = { platform: PLATFORM_NAME, language: LANG, extensions };
  if (context.enrolmentId) xapiContext.registration = context.enrolmentId;
  // revision is the object's own revision: only the course has versions.
  if (object === course) xapiContext.revision = String(context.courseVersion.number);
  // A lesson or quiz sits in its module (parent) within the course (grouping); without a module, in the course.
  if (object !== course) xapiContext.contextActivities = parent && parent !== course ? { parent: [parent], grouping: [course] } : { parent: [course] };

  const timestamp = event.at ?? options.stored;
  const statement: XapiStatement = {
    id: options.id,
    actor: { objectType: 'Agent', account: { homePage: iri.base, name: event.userId } },
    verb: { id: VERBS[verb], display: display(verb) },
    object,
    ...(result ? { result } : {}),
    context: xapiContext,
    timestamp: timestamp.toISOString(),
    stored: options.stored.toISOString(),
    authority: { objectType: 'Agent', name: PLATFORM_NAME, account: { homePage: iri.base, name: 'platform' } },
    version: XAPI_VERSION,
  };
  return {
    id: options.id,
    userId: event.userId,
    organisationId: context.organisationId,
    courseId: context.course.id,
    courseVersionId: context.courseVersion.id,
    registration: context.enrolmentId,
    verbId: statement.verb.id,
    objectId: object.id,
    timestamp,
    stored: options.stored,
    statement,
  };
}
