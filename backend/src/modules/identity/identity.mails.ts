import type { MailMessage } from '../../infra/mail/mail-transport.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function message(to: string, subject: string, paragraphs: string[], link?: { href: string; label: string }): MailMessage {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.href}`] : []), '', 'HTMSE Academy'].join('\n\n');
  const html = [
    ...paragraphs.map((p) => `<p>${escape(p)}</p>`),
    ...(link ? [`<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>`] : []),
    '<p>HTMSE Academy</p>',
  ].join('\n');
  return { to, subject, text, html };
}

export const identityMails = {
  verifyEmail: (to: string, name: string, href: string) =>
    message(
      to,
      'Confirm your email address for HTMSE Academy',
      [
        `Hello ${name},`,
        'Confirm your email address to finish creating your HTMSE Academy account. The link works once and expires in 24 hours.',
        'If you did not create an account, ignore this message.',
      ],
      { href, label: 'Confirm my email address' },
    ),

  alreadyRegistered: (to: string, name: string, origin: string) =>
    message(
      to,
      'Someone tried to register with your email address',
      [
        `Hello ${name},`,
        'Someone (perhaps you) tried to create an HTMSE Academy account with this email address, which already has one.',
        'If it was you, sign in, or reset your password if you have forgotten it. If it was not, you can ignore this message: nothing has changed.',
      ],
      { href: `${origin}/login`, label: 'Sign in' },
    ),

  resetPassword: (to: string, name: string, href: string) =>
    message(
      to,
      'Reset your HTMSE Academy password',
      [
        `Hello ${name},`,
        'Use this link to choose a new password. It works once and expires in 1 hour. Resetting signs you out everywhere.',
        'If you did not ask for this, ignore this message: your password has not changed.',
      ],
      { href, label: 'Choose a new password' },
    ),

  passwordChanged: (to: string, name: string, origin: string) =>
    message(
      to,
      'Your HTMSE Academy password was changed',
      [
        `Hello ${name},`,
        'Your password was just changed and your other sessions were signed out.',
        'If this was not you, reset your password now and tell your organisation administrator.',
      ],
      { href: `${origin}/forgot-password`, label: 'Reset my password' },
    ),
};
