import type { MailMessage } from '../../infra/mail/mail-transport.js';

/**
 * The cohorts module's mails: a trainer's reminder, due-date reminders and the trainers' weekly
 * digest. Written for people who may have lived through what the courses describe: no pressure,
 * no blame, no alarm; the learner is told they can pause and where support is. Names, titles and
 * a trainer's message are user input: escaped in HTML. Dates are given as UTC days.
 */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const day = (d: Date) => d.toISOString().slice(0, 10);

interface Block {
  paragraphs: string[];
  list?: string[];
  after?: string[];
}

function compose(to: string, subject: string, block: Block, link: { label: string; url: string }, footer: string): MailMessage {
  const list = block.list ?? [];
  const after = block.after ?? [];
  const text = [...block.paragraphs, ...(list.length ? [list.map((l) => `- ${l}`).join('\n')] : []), ...after, `${link.label}: ${link.url}`, '', footer].join(
    '\n\n',
  );
  const html = [
    ...block.paragraphs.map((p) => `<p>${escape(p)}</p>`),
    ...(list.length ? [`<ul>${list.map((l) => `<li>${escape(l)}</li>`).join('')}</ul>`] : []),
    ...after.map((p) => `<p>${escape(p)}</p>`),
    `<p><a href="${escape(link.url)}">${escape(link.label)}</a></p>`,
    `<p>${escape(footer)}</p>`,
  ].join('\n');
  return { to, subject, text, html };
}

const CARE =
  'Go at your own pace, and pause whenever you need to. Some of this training discusses exploitation and abuse; if it brings up something difficult, you can step away and come back later. Your organisation’s support contacts are on your learning page.';
const LEARNER_FOOTER = 'HTMSE Academy. You can turn off due-date reminders in your account settings.';

export interface OpenCourse {
  courseTitle: string;
  dueAt: Date | null;
}

const courseLine = (c: OpenCourse) => (c.dueAt ? `${c.courseTitle} (due ${day(c.dueAt)})` : c.courseTitle);

/** A trainer's one-click reminder to a learner of their cohort, with the trainer's own words if any. */
export function trainerReminder(input: {
  to: string;
  learnerName: string;
  trainerName: string;
  organisationName: string;
  message: string | null;
  open: OpenCourse[];
  origin: string;
}): MailMessage {
  const paragraphs = [
    `Hello ${input.learnerName},`,
    `${input.trainerName}, your trainer at ${input.organisationName}, has sent you a reminder about your training on HTMSE Academy.`,
  ];
  if (input.message) paragraphs.push(`Their message: “${input.message}”`);
  if (input.open.length) paragraphs.push('Still open for you:');
  return compose(
    input.to,
    `A reminder about your training with ${input.organisationName}`,
    { paragraphs, list: input.open.map(courseLine), after: [CARE] },
    { label: 'Open my learning', url: `${input.origin}/learning` },
    'HTMSE Academy. You received this because a trainer of your organisation sent it; they can send at most one a day.',
  );
}

/** A learner's course assigned by their organisation is due in `days` days (7 or 1). */
export function dueDateReminder(input: {
  to: string;
  learnerName: string;
  organisationName: string;
  courseTitle: string;
  dueAt: Date;
  days: number;
  origin: string;
}): MailMessage {
  const when = input.days <= 1 ? 'tomorrow' : `in ${input.days} days`;
  return compose(
    input.to,
    `${input.courseTitle} is due ${when} (${day(input.dueAt)})`,
    {
      paragraphs: [
        `Hello ${input.learnerName},`,
        `${input.organisationName} has asked you to complete “${input.courseTitle}” by ${day(input.dueAt)} (UTC), ${when}. Your progress so far is saved, and you can carry on where you left off.`,
        'If you cannot finish in time, please let your trainer know: they can help.',
      ],
      after: [CARE],
    },
    { label: 'Continue my learning', url: `${input.origin}/learning` },
    LEARNER_FOOTER,
  );
}

export interface DigestEntry {
  cohortName: string;
  learnerName: string;
  reasons: string[];
}

/**
 * A trainer's weekly digest of the learners of their cohorts who may need support (sent only when
 * there is someone; `more`: the list was cut, the trainer page has the rest).
 */
export function weeklyDigest(input: { to: string; trainerName: string; week: string; entries: DigestEntry[]; more: boolean; origin: string }): MailMessage {
  const count = input.more ? `More than ${input.entries.length} learners` : input.entries.length === 1 ? 'One learner' : `${input.entries.length} learners`;
  const subjectCount = input.more
    ? `more than ${input.entries.length} learners`
    : input.entries.length === 1
      ? 'one learner'
      : `${input.entries.length} learners`;
  return compose(
    input.to,
    `Your weekly cohort summary: ${subjectCount} may need support`,
    {
      paragraphs: [
        `Hello ${input.trainerName},`,
        `${count} in your cohorts may need support this week (week of ${input.week}).`,
        'A reminder can help; so can a conversation. Some learners may find this subject hard going for reasons they have not shared, so please reach out gently.',
      ],
      list: input.entries.map((e) => `${e.learnerName} (${e.cohortName}): ${e.reasons.join('; ')}`),
      after: input.more ? ['The full list is on your trainer page.'] : [],
    },
    { label: 'Open my trainer page', url: `${input.origin}/trainer` },
    'HTMSE Academy. You can turn off the weekly digest in your account settings.',
  );
}
