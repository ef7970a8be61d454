import type { MailMessage } from '../../infra/mail/mail-transport.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** To the learner: their certificate is ready (or a corrected one replaced it). Names and titles are user input: escaped in HTML. */
export function certificateReadyMail(input: {
  to: string;
  holderName: string;
  courseTitle: string;
  code: string;
  verifyUrl: string;
  origin: string;
  reissued: boolean;
}): MailMessage {
  const paragraphs = [
    `Hello ${input.holderName},`,
    input.reissued
      ? `A corrected certificate for “${input.courseTitle}” has been issued to you. It replaces your earlier one, which no longer verifies.`
      : `Your certificate for “${input.courseTitle}” is ready.`,
    'You can download it from your learning page whenever you need it.',
    `Its number is ${input.code}. Anyone you show it to can check it at ${input.verifyUrl}`,
  ];
  const link = { label: 'Open my certificates', url: `${input.origin}/learning/certificates` };
  return {
    to: input.to,
    subject: input.reissued ? `Your corrected certificate for ${input.courseTitle}` : `Your certificate for ${input.courseTitle} is ready`,
    text: [...paragraphs, `${link.label}: ${link.url}`, '', 'HTMSE Academy'].join('\n\n'),
    html: [...paragraphs.map((p) => `<p>${escape(p)}</p>`), `<p><a href="${escape(link.url)}">${escape(link.label)}</a></p>`, '<p>HTMSE Academy</p>'].join(
      '\n',
    ),
  };
}
