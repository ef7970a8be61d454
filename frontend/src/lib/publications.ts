/**
 * The HTMSE publications library that lessons are built from.
 * Titles, publishers and dates are copied from the HTMSE source text; do not
 * paraphrase titles, and add a date only where the source gives one.
 */
export interface Publication {
  title: string;
  publisher: string;
  /** Overrides the "Published by" line where the source credits more than a publisher. */
  credit?: string;
  summary: string;
  published?: string;
}

export const publications: Publication[] = [
  {
    title: 'Behaviour change communications campaigns targeting the demand',
    publisher: 'The Freedom Fund',
    summary:
      'Reviews the use of behaviour change campaigns, used in the healthcare and development sectors, in an effort to develop a future campaign that might tackle modern slavery and child sexual exploitation in Kathmandu, drawing on 28 different studies.',
    published: 'Released January 2019'
  },
  {
    title: 'Combating Modern Slavery through Data, Technology and Partnerships',
    publisher: 'Liberty Shared',
    summary:
      "Considers the strengths and limitations of different data sources and methodologies of data collection, with a focus on 'big data' and 'thick data', and partnerships including public-private sector collaborations."
  },
  {
    title: 'Ending Forced Labour by 2030: A Review of Policies and Programmes',
    publisher: 'International Labour Organisation (ILO)',
    summary:
      'Looks back on the targets set by the international community to end forced labour by 2030 and child labour by 2025, and aims to guide policy.'
  },
  {
    title: 'Understanding and Responding to Modern Slavery within the Homelessness Sector',
    publisher: 'Independent Anti-Slavery Commissioner',
    credit: 'Commissioned by the Independent Anti-Slavery Commissioner, researched by The Passage',
    summary: 'Examines the links between modern slavery and homelessness in England.',
    published: 'Published January 2017'
  },
  {
    title: '2019 Labor Trafficking Protocol Guidelines',
    publisher: 'The Advocates for Human Rights',
    summary: 'Helps communities in Minnesota identify and respond to labour trafficking victims.',
    published: 'Published 31 January 2019'
  }
];

export function creditLine(publication: Publication): string {
  return publication.credit ?? `Published by ${publication.publisher}`;
}
