// UTC, so the server's rendering and the browser's hydration agree whatever their time zones.
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "28 Nov 2025", or the input unchanged when it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE.format(date);
}

const MB = 1024 * 1024;

/** Storage sizes as the API's quotas count them (1 MB = 1,048,576 bytes): "1.9 MB", "200 MB", "0 MB". */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  if (bytes > 0 && mb < 0.1) return 'under 0.1 MB';
  return `${mb.toFixed(1).replace(/\.0$/, '')} MB`;
}

/** "28 Nov 2025, 09:31 UTC". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${DATE_TIME.format(date)} UTC`;
}
