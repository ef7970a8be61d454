import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { cursorFor, encodeCursor } from '../../common/http/catalogue-cursor.js';
import { buildCitation, dateLabel, isoDate } from './citation.js';
import { PublicationCourses } from './publication-courses.js';
import type {
  ListPublicationsQueryDto,
  PublicationDetailDto,
  PublicationFacetsDto,
  PublicationListDto,
  PublicationListItemDto,
  PublicationRefDto,
} from './publications.dto.js';
import { PublicationsRepository, SNIPPET_END, SNIPPET_START, type PublicationRefRow, type PublicationRow } from './publications.repository.js';

export const DEFAULT_PAGE_SIZE = 20;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** ts_headline's output as safe HTML: everything escaped, then the match markers become <mark>. */
export function snippetHtml(headline: string): string {
  return escapeHtml(headline).split(SNIPPET_START).join('<mark>').split(SNIPPET_END).join('</mark>');
}

function toListItem(row: PublicationRow): PublicationListItemDto {
  return {
    slug: row.slug,
    title: row.title,
    publisher: row.publisher,
    date: isoDate(row),
    dateLabel: dateLabel(row),
    year: row.publishedYear,
    region: row.region,
    topics: row.topics,
    summary: row.summary,
  };
}

function toPublicationRef(row: PublicationRefRow): PublicationRefDto {
  return { slug: row.slug, title: row.title, publisher: row.publisher, citation: buildCitation(row) };
}

/** Read rules of the publications library: what is listed, in which order, how it is cited. */
@Injectable()
export class PublicationsService {
  constructor(
    private readonly repository: PublicationsRepository,
    private readonly courses: PublicationCourses,
  ) {}

  async listPublications(query: ListPublicationsQueryDto): Promise<PublicationListDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const searching = query.q !== undefined;
    const after = searching ? cursorFor(query.cursor, 'rank') : cursorFor(query.cursor, 'title');
    const rows = await this.repository.listPublications(
      { q: query.q, topic: query.topic, publisher: query.publisher, year: query.year, region: query.region },
      after,
      limit,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > limit && last) {
      nextCursor = searching
        ? encodeCursor({ sort: 'rank', rank: last.rank ?? 0, slug: last.slug })
        : encodeCursor({ sort: 'title', title: last.title, slug: last.slug });
    }
    return {
      items: items.map((row) => ({ ...toListItem(row), snippet: row.snippet === null ? null : snippetHtml(row.snippet) })),
      nextCursor,
    };
  }

  getPublicationFacets(): Promise<PublicationFacetsDto> {
    return this.repository.publicationFacets();
  }

  async getPublication(actor: Actor | undefined, slug: string): Promise<PublicationDetailDto> {
    const row = await this.repository.findPublication(slug);
    if (!row) throw DomainError.notFound('Publication');
    const [figures, courses] = await Promise.all([this.repository.figuresOf(row.id), this.courses.coursesUsing(actor, { id: row.id, slug: row.slug })]);
    return {
      ...toListItem(row),
      findings: row.findings,
      figures,
      credit: row.credit,
      sourceUrl: row.sourceUrl,
      sourceText: row.sourceText,
      citation: buildCitation(row),
      courses,
    };
  }

  /** Short references (with their citation) of the live publications among slugs, by title. */
  async publicationRefs(slugs: string[]): Promise<PublicationRefDto[]> {
    return (await this.repository.publicationsBySlug(slugs)).map(toPublicationRef);
  }
}
