const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface PublicationDateParts {
  publishedYear: number | null;
  publishedMonth: number | null;
  publishedDay: number | null;
}

/** "2019-01-31", "2019-01", "2019", or null: exactly as precise as the source. */
export function isoDate(d: PublicationDateParts): string | null {
  if (d.publishedYear === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d.publishedMonth === null) return String(d.publishedYear);
  if (d.publishedDay === null) return `${d.publishedYear}-${pad(d.publishedMonth)}`;
  return `${d.publishedYear}-${pad(d.publishedMonth)}-${pad(d.publishedDay)}`;
}

/** "31 January 2019", "January 2019", "2019", or null. */
export function dateLabel(d: PublicationDateParts): string | null {
  if (d.publishedYear === null) return null;
  const month = d.publishedMonth !== null ? MONTHS[d.publishedMonth - 1] : undefined;
  if (!month) return String(d.publishedYear);
  return d.publishedDay !== null ? `${d.publishedDay} ${month} ${d.publishedYear}` : `${month} ${d.publishedYear}`;
}

export interface CitationParts {
  publisher: string;
  title: string;
  publishedYear: number | null;
  sourceUrl: string | null;
}

/**
 * A ready-to-copy reference built only from what is known: "Publisher (year). Title." with
 * "n.d." when the source gives no date, and the address only when there is one.
 */
export function buildCitation(p: CitationParts): string {
  const title = p.title.trim();
  const ended = /[.!?]$/.test(title) ? title : `${title}.`;
  const year = p.publishedYear !== null ? String(p.publishedYear) : 'n.d.';
  const url = p.sourceUrl ? ` ${p.sourceUrl}` : '';
  return `${p.publisher.trim()} (${year}). ${ended}${url}`;
}
