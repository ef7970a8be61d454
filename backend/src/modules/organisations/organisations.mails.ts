import type { OrgRole } from '../../common/auth/access.js';
import type { MailMessage } from '../../infra/mail/mail-transport.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const ROLE_LABELS: Record<OrgRole, string> = { learner: 'learner', trainer: 'trainer', org_admin: 'organisation administrator' };

/** The invitation email. The organisation name is user input: escaped in HTML, single-line by validation. */
export function invitationMail(input: { to: string; organisationName: string; role: OrgRole; link: string; expiresAt: Date }): MailMessage {
  const expires = input.expiresAt.toISOString().slice(0, 10);
  const paragraphs = [
    'Hello,',
    `You are invited to join ${input.organisationName} on HTMSE Academy as a ${ROLE_LABELS[input.role]}.`,
    `Open the link below to accept. It works once and expires on ${expires} (UTC). If you do not have an account yet, you can create one there.`,
    'If you did not expect this invitation, you can ignore this message.',
  ];
  const label = 'Accept the invitation';
  const text = [...paragraphs, `${label}: ${input.link}`, '', 'HTMSE Academy'].join('\n\n');
  const html = [...paragraphs.map((p) => `<p>${escape(p)}</p>`), `<p><a href="${escape(input.link)}">${escape(label)}</a></p>`, '<p>HTMSE Academy</p>'].join(
    '\n',
  );
  return { to: input.to, subject: `Invitation to join ${input.organisationName} on HTMSE Academy`, text, html };
}
