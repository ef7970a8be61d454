import type { MailMessage } from '../../infra/mail/mail-transport.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The acknowledgement to the person who sent an enquiry. Names are user input: escaped in HTML, single-line by validation. */
export function enquiryAcknowledgementMail(input: { to: string; contactName: string; organisation: string }): MailMessage {
  const paragraphs = [
    `Hello ${input.contactName},`,
    `Thank you for your enquiry about tailored training for ${input.organisation}. We have received it and will reply to this address.`,
    'If you did not send this enquiry, you can ignore this message.',
  ];
  return {
    to: input.to,
    subject: 'We have received your training enquiry',
    text: [...paragraphs, 'HTMSE Academy'].join('\n\n'),
    html: [...paragraphs.map((p) => `<p>${escape(p)}</p>`), '<p>HTMSE Academy</p>'].join('\n'),
  };
}
