import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { GlossaryLabel } from './content/content-rules.js';

export interface GlossaryTermRow {
  slug: string;
  term: string;
  definition: string;
  label: GlossaryLabel;
}

/** Reads of the glossary (written by the content importer only). */
@Injectable()
export class GlossaryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every live term. A handful of rows written by the importer, so the list needs no paging. */
  listTerms(): Promise<GlossaryTermRow[]> {
    return this.db.query(`SELECT slug, term, definition, label FROM glossary_terms WHERE retired_at IS NULL ORDER BY lower(term), slug`);
  }
}
