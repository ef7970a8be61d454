import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CatalogueCursor } from '../../common/http/catalogue-cursor.js';
import type { PublicationCredit, PublicationFinding } from './publication.entity.js';

export interface PublicationFilter {
  q?: string;
  topic?: string;
  publisher?: string;
  year?: number;
  region?: string;
}

export interface PublicationRow {
  id: string;
  slug: string;
  title: string;
  publisher: string;
  publishedYear: number | null;
  publishedMonth: number | null;
  publishedDay: number | null;
  region: string | null;
  topics: string[];
  summary: string;
}

export interface PublicationSearchRow extends PublicationRow {
  rank: number | null;
  /** ts_headline output, matches between \u0001 and \u0002 (see SNIPPET_OPTIONS). */
  snippet: string | null;
}

export interface PublicationDetailRow extends PublicationRow {
  findings: PublicationFinding[];
  credit: PublicationCredit | null;
  sourceUrl: string | null;
  sourceText: string;
}

export interface FigureRow {
  value: string;
  label: string;
  passage: string;
}

export interface PublicationRefRow {
  slug: string;
  title: string;
  publisher: string;
  publishedYear: number | null;
  sourceUrl: string | null;
}

/** Matches are wrapped in control characters that cannot occur in content, then escaped and marked up by the service. */
export const SNIPPET_START = '\u0001';
export const SNIPPET_END = '\u0002';
const SNIPPET_OPTIONS = `StartSel="${SNIPPET_START}", StopSel="${SNIPPET_END}", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

const PUBLICATION_COLUMNS = `
  p.id, p.slug, p.title, p.publisher, p.published_year AS "publishedYear", p.published_month AS "publishedMonth",
  p.published_day AS "publishedDay", p.region, p.topics, p.summary`;

/** All reads of the publications library. Retired rows are never returned. */
@Injectable()
export class PublicationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Keyset pages: without q ordered by (title, slug); with q by (rank desc, slug). Returns up to
   * limit + 1 rows; the extra one only tells the caller there is a next page.
   */
  async listPublications(filter: PublicationFilter, after: CatalogueCursor | null, limit: number): Promise<PublicationSearchRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.retired_at IS NULL'];
    if (filter.topic) where.push(`p.topics @> jsonb_build_array(lower(${param(filter.topic)}))`);
    if (filter.publisher) where.push(`lower(p.publisher) = lower(${param(filter.publisher)})`);
    if (filter.year !== undefined) where.push(`p.published_year = ${param(filter.year)}`);
    if (filter.region) where.push(`lower(p.region) = lower(${param(filter.region)})`);

    if (filter.q !== undefined) {
      const query = param(filter.q);
      const keyset =
        after?.sort === 'rank' ? `WHERE (m.rank < ${param(after.rank)}::real OR (m.rank = ${param(after.rank)}::real AND m.slug > ${param(after.slug)}))` : '';
      return this.db.query(
        `WITH m AS (
           SELECT ${PUBLICATION_COLUMNS}, ts_rank(p.search_vector, query) AS rank, query
             FROM publications p, websearch_to_tsquery('english', ${query}) AS query
            WHERE ${where.join(' AND ')} AND p.search_vector @@ query)
         SELECT m.id, m.slug, m.title, m.publisher, m."publishedYear", m."publishedMonth", m."publishedDay", m.region,
                m.topics, m.summary, m.rank, ts_headline('english', m.summary, m.query, ${param(SNIPPET_OPTIONS)}) AS snippet
           FROM m ${keyset}
          ORDER BY m.rank DESC, m.slug ASC
          LIMIT ${param(limit + 1)}`,
        params,
      );
    }
    if (after?.sort === 'title') where.push(`(p.title, p.slug) > (${param(after.title)}, ${param(after.slug)})`);
    return this.db.query(
      `SELECT ${PUBLICATION_COLUMNS}, NULL::real AS rank, NULL::text AS snippet
         FROM publications p
        WHERE ${where.join(' AND ')}
        ORDER BY p.title ASC, p.slug ASC
        LIMIT ${param(limit + 1)}`,
      params,
    );
  }

  async publicationFacets(): Promise<{
    topics: { value: string; count: number }[];
    publishers: { value: string; count: number }[];
    years: { value: number; count: number }[];
    regions: { value: string; count: number }[];
  }> {
    const [topics, publishers, years, regions] = await Promise.all([
      this.db.query(
        `SELECT t.value, count(*)::int AS count
           FROM publications p CROSS JOIN LATERAL jsonb_array_elements_text(p.topics) AS t(value)
          WHERE p.retired_at IS NULL GROUP BY t.value ORDER BY count DESC, t.value`,
      ),
      this.db.query(
        `SELECT publisher AS value, count(*)::int AS count FROM publications
          WHERE retired_at IS NULL GROUP BY publisher ORDER BY count DESC, publisher`,
      ),
      this.db.query(
        `SELECT published_year AS value, count(*)::int AS count FROM publications
          WHERE retired_at IS NULL AND published_year IS NOT NULL GROUP BY published_year ORDER BY published_year DESC`,
      ),
      this.db.query(
        `SELECT region AS value, count(*)::int AS count FROM publications
          WHERE retired_at IS NULL AND region IS NOT NULL GROUP BY region ORDER BY count DESC, region`,
      ),
    ]);
    return { topics, publishers, years, regions };
  }

  async findPublication(slug: string): Promise<PublicationDetailRow | null> {
    const rows: PublicationDetailRow[] = await this.db.query(
      `SELECT ${PUBLICATION_COLUMNS}, p.findings, p.credit, p.source_url AS "sourceUrl", p.source_text AS "sourceText"
         FROM publications p WHERE p.slug = $1 AND p.retired_at IS NULL`,
      [slug],
    );
    return rows[0] ?? null;
  }

  figuresOf(publicationId: string): Promise<FigureRow[]> {
    return this.db.query('SELECT value, label, passage FROM publication_figures WHERE publication_id = $1 ORDER BY position', [publicationId]);
  }

  publicationsBySlug(slugs: string[]): Promise<PublicationRefRow[]> {
    return this.db.query(
      `SELECT slug, title, publisher, published_year AS "publishedYear", source_url AS "sourceUrl"
         FROM publications WHERE slug = ANY($1) AND retired_at IS NULL ORDER BY title, slug`,
      [slugs],
    );
  }
}
