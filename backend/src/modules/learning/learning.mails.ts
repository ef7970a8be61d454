import type { MailMessage } from '../../infra/mail/mail-transport.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function compose(to: string, subject: string, paragraphs: string[], link: { label: string; url: string }): MailMessage {
  const text = [...paragraphs, `${link.label}: ${link.url}`, '', 'HTMSE Academy'].join('\n\n');
  const html = [...paragraphs.map((p) => `<p>${escape(p)}</p>`), `<p><a href="${escape(link.url)}">${escape(link.label)}</a></p>`, '<p>HTMSE Academy</p>'].join(
    '\n',
  );
  return { to, subject, text, html };
}

/** To the learner: their completion of a course expires soon; they can re-take it. Names and titles are user input: escaped in HTML. */
export function expiryReminderToLearner(input: {
  to: string;
  displayName: string;
  courseTitle: string;
  expiresAt: Date;
  daysBefore: number;
  origin: string;
}): MailMessage {
  const date = input.expiresAt.toISOString().slice(0, 10);
  return compose(
    input.to,
    `Your completion of ${input.courseTitle} expires on ${date}`,
    [
      `Hello ${input.displayName},`,
      `Your completion of “${input.courseTitle}” is valid until ${date} (UTC), about ${input.daysBefore} days from now.`,
      'To keep it current, you can re-take the course from your learning page. Your earlier completion stays in your records.',
    ],
    { label: 'Open my learning', url: `${input.origin}/learning` },
  );
}

/** To a trainer of the learner's organisation: a completion they follow expires soon. */
export function expiryReminderToTrainer(input: {
  to: string;
  learnerName: string;
  organisationName: string;
  courseTitle: string;
  expiresAt: Date;
  daysBefore: number;
  origin: string;
}): MailMessage {
  const date = input.expiresAt.toISOString().slice(0, 10);
  return compose(
    input.to,
    `A completion of ${input.courseTitle} in ${input.organisationName} expires on ${date}`,
    [
      'Hello,',
      `${input.learnerName}'s completion of “${input.courseTitle}” expires on ${date} (UTC), about ${input.daysBefore} days from now.`,
      'They have been sent a reminder too, and can re-take the course from their learning page.',
    ],
    { label: 'Open HTMSE Academy', url: input.origin },
  );
}
