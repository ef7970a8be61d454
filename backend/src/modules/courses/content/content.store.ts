import type { EntityManager } from 'typeorm';
import { courseHash, courseVersionHash, glossaryTermHash, lessonHash, moduleHash, publicationHash } from './content-hash.js';
import type { ContentBundle, CourseContent, GlossaryTermContent, ModuleContent, PublicationContent } from './content.types.js';

/** What one kind of row went through in an import. */
export interface RowCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  retired: number;
}

export interface ImportCounts {
  publications: RowCounts;
  modules: RowCounts;
  lessons: RowCounts;
  courses: RowCounts;
  glossaryTerms: RowCounts;
  courseVersionsPublished: number;
}

const zero = (): RowCounts => ({ inserted: 0, updated: 0, unchanged: 0, retired: 0 });

// Arbitrary but fixed: two imports into one database run one after the other.
const IMPORT_LOCK_KEY = 4_206_914;

type UpsertRow = { id: string; inserted: boolean };

/**
 * The importer's SQL. Every content row is upserted by its stable key and only written when its
 * content hash differs (or it was retired), so a second import of the same files writes nothing.
 * Rows missing from the files are retired, never deleted.
 */
export class ContentStore {
  private readonly counts: ImportCounts = {
    publications: zero(),
    modules: zero(),
    lessons: zero(),
    courses: zero(),
    glossaryTerms: zero(),
    courseVersionsPublished: 0,
  };

  /** lessonHtml: every lesson's body rendered beforehand (renderBundleLessons), keyed "module/lesson". */
  constructor(
    private readonly db: EntityManager,
    private readonly lessonHtml: ReadonlyMap<string, string>,
  ) {}

  async write(bundle: ContentBundle): Promise<ImportCounts> {
    await this.db.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
    await this.refuseAuthoredSlugs(bundle);
    const publicationIds = await this.writePublications(bundle.publications);
    const moduleIds = await this.writeModules(bundle.modules, publicationIds);
    await this.writeLessons(bundle.modules, moduleIds);
    await this.writeCourses(bundle, moduleIds);
    await this.writeGlossary(bundle.glossary);
    return this.counts;
  }

  /**
   * Authored courses and modules (the authoring API's) are never taken over by the files: a file
   * using one of their slugs stops the import, and nothing is written.
   */
  private async refuseAuthoredSlugs(bundle: ContentBundle): Promise<void> {
    const clashes: { kind: string; slug: string }[] = await this.db.query(
      `SELECT 'course' AS kind, slug FROM courses WHERE origin = 'authored' AND slug = ANY($1)
       UNION ALL
       SELECT 'module' AS kind, slug FROM modules WHERE origin = 'authored' AND slug = ANY($2)
       ORDER BY kind, slug`,
      [bundle.courses.map((c) => c.slug), bundle.modules.map((m) => m.slug)],
    );
    if (clashes.length) {
      throw new Error(
        `content uses slugs of items authored in the browser (rename them in the files): ${clashes.map((c) => `${c.kind} ${c.slug}`).join(', ')}`,
      );
    }
  }

  /** Runs an UPDATE and answers how many rows it changed (TypeORM answers UPDATE with [rows, count]). */
  private async update(sql: string, params: unknown[]): Promise<number> {
    const result: unknown = await this.db.query(sql, params);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  private tally(counts: RowCounts, row: UpsertRow | undefined): void {
    if (!row) counts.unchanged++;
    else if (row.inserted) counts.inserted++;
    else counts.updated++;
  }

  private async ids(table: 'publications' | 'modules', slugs: string[]): Promise<Map<string, string>> {
    const rows: { id: string; slug: string }[] = await this.db.query(`SELECT id, slug FROM ${table} WHERE slug = ANY($1)`, [slugs]);
    return new Map(rows.map((r) => [r.slug, r.id]));
  }

  private async writePublications(publications: PublicationContent[]): Promise<Map<string, string>> {
    for (const p of publications) {
      const rows: UpsertRow[] = await this.db.query(
        `INSERT INTO publications AS t
           (slug, title, publisher, published_year, published_month, published_day, region, topics,
            summary, findings, credit, source_url, source_text, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb, $11::jsonb, $12, $13, $14)
         ON CONFLICT (slug) DO UPDATE SET
           title = EXCLUDED.title, publisher = EXCLUDED.publisher,
           published_year = EXCLUDED.published_year, published_month = EXCLUDED.published_month,
           published_day = EXCLUDED.published_day, region = EXCLUDED.region, topics = EXCLUDED.topics,
           summary = EXCLUDED.summary, findings = EXCLUDED.findings, credit = EXCLUDED.credit,
           source_url = EXCLUDED.source_url, source_text = EXCLUDED.source_text,
           content_hash = EXCLUDED.content_hash, updated_at = now(), retired_at = NULL
         WHERE t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.retired_at IS NOT NULL
         RETURNING id, (xmax = 0) AS inserted`,
        [
          p.slug,
          p.title,
          p.publisher,
          p.date?.year ?? null,
          p.date?.month ?? null,
          p.date?.day ?? null,
          p.region,
          JSON.stringify(p.topics),
          p.summary,
          JSON.stringify(p.findings),
          p.credit ? JSON.stringify(p.credit) : null,
          p.sourceUrl,
          p.sourceText,
          publicationHash(p),
        ],
      );
      const row = rows[0];
      this.tally(this.counts.publications, row);
      if (row) {
        // Figures belong to their publication alone and nothing refers to them: replace them.
        await this.db.query('DELETE FROM publication_figures WHERE publication_id = $1', [row.id]);
        for (const [i, f] of p.figures.entries()) {
          await this.db.query('INSERT INTO publication_figures (publication_id, position, value, label, passage) VALUES ($1, $2, $3, $4, $5)', [
            row.id,
            i + 1,
            f.value,
            f.label,
            f.passage,
          ]);
        }
      }
    }
    const slugs = publications.map((p) => p.slug);
    this.counts.publications.retired += await this.update(
      `UPDATE publications SET retired_at = now(), updated_at = now()
        WHERE retired_at IS NULL AND NOT (slug = ANY($1))`,
      [slugs],
    );
    return this.ids('publications', slugs);
  }

  private async writeModules(modules: ModuleContent[], publicationIds: Map<string, string>): Promise<Map<string, string>> {
    for (const m of modules) {
      const rows: UpsertRow[] = await this.db.query(
        `INSERT INTO modules AS t (slug, publication_id, title, summary, objectives, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (slug) DO UPDATE SET
           publication_id = EXCLUDED.publication_id, title = EXCLUDED.title, summary = EXCLUDED.summary,
           objectives = EXCLUDED.objectives, content_hash = EXCLUDED.content_hash, updated_at = now(), retired_at = NULL
         WHERE t.origin = 'content' AND (t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.retired_at IS NOT NULL)
         RETURNING id, (xmax = 0) AS inserted`,
        [m.slug, publicationIds.get(m.publication), m.title, m.summary, m.objectives, moduleHash(m)],
      );
      this.tally(this.counts.modules, rows[0]);
    }
    const slugs = modules.map((m) => m.slug);
    this.counts.modules.retired += await this.update(
      `UPDATE modules SET retired_at = now(), updated_at = now()
        WHERE retired_at IS NULL AND origin = 'content' AND NOT (slug = ANY($1))`,
      [slugs],
    );
    return this.ids('modules', slugs);
  }

  private async writeLessons(modules: ModuleContent[], moduleIds: Map<string, string>): Promise<void> {
    const lessonKeys: string[] = [];
    for (const m of modules) {
      const moduleId = moduleIds.get(m.slug);
      for (const [i, l] of m.lessons.entries()) {
        const key = `${m.slug}/${l.slug}`;
        lessonKeys.push(key);
        const html = this.lessonHtml.get(key);
        if (html === undefined) throw new Error(`lesson ${key} was not rendered before the import`);
        // uq_lessons_module_id_position is checked at commit, so positions can swap in place.
        // A row is also rewritten when the renderer's output changed (a renderer upgrade), so
        // re-importing the same files refreshes the stored HTML.
        const rows: UpsertRow[] = await this.db.query(
          `INSERT INTO lessons AS t
             (module_id, slug, position, title, estimated_minutes, objectives, content_note, body_markdown, body_html, sources, glossary_terms, content_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)
           ON CONFLICT (module_id, slug) DO UPDATE SET
             position = EXCLUDED.position, title = EXCLUDED.title, estimated_minutes = EXCLUDED.estimated_minutes,
             objectives = EXCLUDED.objectives, content_note = EXCLUDED.content_note,
             body_markdown = EXCLUDED.body_markdown, body_html = EXCLUDED.body_html, sources = EXCLUDED.sources,
             glossary_terms = EXCLUDED.glossary_terms, content_hash = EXCLUDED.content_hash, updated_at = now(), retired_at = NULL
           WHERE t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.body_html IS DISTINCT FROM EXCLUDED.body_html
              OR t.retired_at IS NOT NULL
           RETURNING id, (xmax = 0) AS inserted`,
          [
            moduleId,
            l.slug,
            i + 1,
            l.title,
            l.estimatedMinutes,
            l.objectives,
            l.contentNote,
            l.body,
            html,
            JSON.stringify(l.sources),
            l.glossaryTerms,
            lessonHash(l, i + 1),
          ],
        );
        this.tally(this.counts.lessons, rows[0]);
      }
    }
    // Lessons no longer in their module's file, or whose module is gone.
    this.counts.lessons.retired += await this.update(
      `UPDATE lessons l SET retired_at = now(), position = NULL, updated_at = now()
         FROM modules m
        WHERE m.id = l.module_id AND m.origin = 'content' AND l.retired_at IS NULL AND NOT ((m.slug || '/' || l.slug) = ANY($1))`,
      [lessonKeys],
    );
  }

  private async writeCourses(bundle: ContentBundle, moduleIds: Map<string, string>): Promise<void> {
    const modules = new Map(bundle.modules.map((m) => [m.slug, m]));
    for (const c of bundle.courses) {
      const versionHash = courseVersionHash(c, modules);
      const rows: UpsertRow[] = await this.db.query(
        `INSERT INTO courses AS t (slug, status, content_hash) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO UPDATE SET
           status = EXCLUDED.status, content_hash = EXCLUDED.content_hash, updated_at = now(), retired_at = NULL
         WHERE t.origin = 'content' AND (t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.retired_at IS NOT NULL)
         RETURNING id, (xmax = 0) AS inserted`,
        [c.slug, c.status, courseHash(c, versionHash)],
      );
      this.tally(this.counts.courses, rows[0]);
      const [current] = (await this.db.query(
        `SELECT c.id, v.content_hash AS "versionHash"
           FROM courses c LEFT JOIN course_versions v ON v.id = c.current_version_id
          WHERE c.slug = $1 AND c.origin = 'content'`,
        [c.slug],
      )) as { id: string; versionHash: string | null }[];
      if (current && current.versionHash !== versionHash) await this.publishVersion(current.id, c, versionHash, modules, moduleIds);
    }
    this.counts.courses.retired += await this.update(
      `UPDATE courses SET retired_at = now(), updated_at = now()
        WHERE retired_at IS NULL AND origin = 'content' AND NOT (slug = ANY($1))`,
      [bundle.courses.map((c) => c.slug)],
    );
  }

  /** Glossary entries by slug; those no longer in glossary.yaml are retired (lessons of earlier versions may still name them). */
  private async writeGlossary(terms: GlossaryTermContent[]): Promise<void> {
    for (const [i, t] of terms.entries()) {
      const rows: UpsertRow[] = await this.db.query(
        `INSERT INTO glossary_terms AS g (slug, position, term, definition, label, appears_in, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
         ON CONFLICT (slug) DO UPDATE SET
           position = EXCLUDED.position, term = EXCLUDED.term, definition = EXCLUDED.definition, label = EXCLUDED.label,
           appears_in = EXCLUDED.appears_in, content_hash = EXCLUDED.content_hash, updated_at = now(), retired_at = NULL
         WHERE g.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR g.retired_at IS NOT NULL
         RETURNING id, (xmax = 0) AS inserted`,
        [t.slug, i + 1, t.term, t.definition, t.label, JSON.stringify(t.appearsIn), glossaryTermHash(t, i + 1)],
      );
      this.tally(this.counts.glossaryTerms, rows[0]);
    }
    this.counts.glossaryTerms.retired += await this.update(
      `UPDATE glossary_terms SET retired_at = now(), position = NULL, updated_at = now()
        WHERE retired_at IS NULL AND NOT (slug = ANY($1))`,
      [terms.map((t) => t.slug)],
    );
  }

  /** A new, immutable version; earlier versions (and whoever is pinned to them) are untouched. */
  private async publishVersion(
    courseId: string,
    c: CourseContent,
    versionHash: string,
    modules: Map<string, ModuleContent>,
    moduleIds: Map<string, string>,
  ): Promise<void> {
    const lessonRows: { module: string; slug: string; id: string }[] = await this.db.query(
      `SELECT m.slug AS module, l.slug, l.id FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE m.slug = ANY($1) AND l.retired_at IS NULL`,
      [c.modules.map((e) => e.module)],
    );
    const idOf = (rows: { module: string; slug: string; id: string }[], module: string, slug: string) =>
      rows.find((r) => r.module === module && r.slug === slug)?.id ?? null;
    const snapshot = {
      modules: c.modules.map((entry) => {
        const m = modules.get(entry.module)!;
        return {
          slug: m.slug,
          title: m.title,
          contentHash: moduleHash(m),
          requires: entry.requires,
          lessons: m.lessons.map((l, i) => ({ id: idOf(lessonRows, m.slug, l.slug), slug: l.slug, title: l.title, contentHash: lessonHash(l, i + 1) })),
        };
      }),
    };
    const [version] = (await this.db.query(
      `INSERT INTO course_versions (course_id, version, title, summary, audience, objectives, content_note, pass_mark, content_hash, snapshot, validity_months)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10 FROM course_versions WHERE course_id = $1
       RETURNING id`,
      [courseId, c.title, c.summary, c.audience, c.objectives, c.contentNote, c.passMark, versionHash, JSON.stringify(snapshot), c.validityMonths],
    )) as { id: string }[];
    const courseModuleIds = new Map<string, string>();
    for (const [i, entry] of c.modules.entries()) {
      const [row] = (await this.db.query('INSERT INTO course_modules (course_version_id, module_id, position) VALUES ($1, $2, $3) RETURNING id', [
        version!.id,
        moduleIds.get(entry.module),
        i + 1,
      ])) as { id: string }[];
      courseModuleIds.set(entry.module, row!.id);
    }
    for (const entry of c.modules) {
      for (const required of entry.requires) {
        await this.db.query('INSERT INTO course_module_prerequisites (course_module_id, required_course_module_id) VALUES ($1, $2)', [
          courseModuleIds.get(entry.module),
          courseModuleIds.get(required),
        ]);
      }
    }
    await this.update('UPDATE courses SET current_version_id = $2, updated_at = now() WHERE id = $1', [courseId, version!.id]);
    this.counts.courseVersionsPublished++;
  }
}
