import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { OrgRole } from '../../src/common/auth/access.js';

/**
 * Small row factories for the repository tier: each writes one row (or one course with its
 * version) straight to the database with plausible defaults, and answers what tests refer to.
 * Anything a test asserts on should be passed explicitly.
 */

/** A short unique slug part ([a-z0-9]). */
export const uid = () => randomUUID().replace(/-/g, '').slice(0, 10);

async function one<T>(db: DataSource, sql: string, params: unknown[]): Promise<T> {
  const rows = (await db.query(sql, params)) as T[];
  return rows[0]!;
}

export interface UserRef {
  id: string;
  email: string;
  displayName: string;
}

export function newUser(
  db: DataSource,
  opts: { email?: string; displayName?: string; deletedAt?: Date | null; isPlatformAdmin?: boolean; passwordHash?: string | null } = {},
): Promise<UserRef> {
  return one(
    db,
    `INSERT INTO users (email, display_name, password_hash, email_verified_at, is_platform_admin, deleted_at)
     VALUES ($1, $2, $3, now(), $4, $5) RETURNING id, email, display_name AS "displayName"`,
    [
      opts.email ?? `${uid()}@example.org`,
      opts.displayName ?? `Person ${uid()}`,
      opts.passwordHash ?? 'hash',
      opts.isPlatformAdmin ?? false,
      opts.deletedAt ?? null,
    ],
  );
}

export interface OrganisationRef {
  id: string;
  name: string;
  slug: string;
}

export function newOrganisation(db: DataSource, opts: { name?: string; slug?: string; createdBy?: string } = {}): Promise<OrganisationRef> {
  return one(db, `INSERT INTO organisations (name, slug, created_by) VALUES ($1, $2, $3) RETURNING id, name, slug`, [
    opts.name ?? `Organisation ${uid()}`,
    opts.slug ?? `org-${uid()}`,
    opts.createdBy ?? null,
  ]);
}

export async function newMembership(db: DataSource, organisationId: string, userId: string, role: OrgRole = 'learner'): Promise<void> {
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, userId, role]);
}

/** A user who is a member of the organisation with `role`. */
export async function newMember(db: DataSource, organisationId: string, role: OrgRole = 'learner', opts: Parameters<typeof newUser>[1] = {}): Promise<UserRef> {
  const user = await newUser(db, opts);
  await newMembership(db, organisationId, user.id, role);
  return user;
}

export function newInvitation(
  db: DataSource,
  opts: {
    organisationId: string;
    email?: string;
    role?: OrgRole;
    tokenHash?: string;
    createdAt?: Date | string;
    expiresAt?: Date;
    acceptedAt?: Date | null;
    revokedAt?: Date | null;
  },
): Promise<{ id: string; tokenHash: string; email: string }> {
  return one(
    db,
    `INSERT INTO invitations (organisation_id, email, role, token_hash, created_at, expires_at, accepted_at, revoked_at)
     VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now()), $6, $7, $8) RETURNING id, token_hash AS "tokenHash", email`,
    [
      opts.organisationId,
      opts.email ?? `${uid()}@example.org`,
      opts.role ?? 'learner',
      opts.tokenHash ?? `hash-${uid()}`,
      opts.createdAt ?? null,
      opts.expiresAt ?? new Date(Date.now() + 86_400_000),
      opts.acceptedAt ?? null,
      opts.revokedAt ?? null,
    ],
  );
}

export function newEnquiry(
  db: DataSource,
  opts: { organisation?: string; status?: 'new' | 'in_progress' | 'closed'; createdAt?: Date | string } = {},
): Promise<{ id: string; createdAt: string }> {
  return one(
    db,
    `INSERT INTO enquiries (organisation, contact_name, email, needs, staff_count, status, created_at)
     VALUES ($1, 'Contact', 'contact@example.org', 'Training', 10, $2, coalesce($3::timestamptz, now()))
     RETURNING id, created_at::text AS "createdAt"`,
    [opts.organisation ?? `Enquirer ${uid()}`, opts.status ?? 'new', opts.createdAt ?? null],
  );
}

// ── catalogue ──────────────────────────────────────────────────────────────────

export interface PublicationRef {
  id: string;
  slug: string;
}

export function newPublication(
  db: DataSource,
  opts: {
    slug?: string;
    title?: string;
    publisher?: string;
    year?: number | null;
    region?: string | null;
    topics?: string[];
    summary?: string;
    findings?: { text: string }[];
    sourceText?: string;
    retiredAt?: Date | null;
  } = {},
): Promise<PublicationRef> {
  const slug = opts.slug ?? `pub-${uid()}`;
  return one(
    db,
    `INSERT INTO publications (slug, title, publisher, published_year, region, topics, summary, findings, source_text, content_hash, retired_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, 'hash', $10) RETURNING id, slug`,
    [
      slug,
      opts.title ?? `Publication ${slug}`,
      opts.publisher ?? 'Freedom Fund',
      opts.year === undefined ? 2020 : opts.year,
      opts.region === undefined ? null : opts.region,
      JSON.stringify(opts.topics ?? []),
      opts.summary ?? 'A report.',
      JSON.stringify(opts.findings ?? []),
      opts.sourceText ?? 'Source text of the report.',
      opts.retiredAt ?? null,
    ],
  );
}

export function newModule(
  db: DataSource,
  opts: { publicationId: string; slug?: string; title?: string; origin?: 'content' | 'authored'; retiredAt?: Date | null; updatedAt?: Date | string },
): Promise<{ id: string; slug: string }> {
  return one(
    db,
    `INSERT INTO modules (slug, publication_id, title, summary, content_hash, origin, retired_at, updated_at)
     VALUES ($1, $2, $3, 'Module summary', 'hash', $4, $5, coalesce($6::timestamptz, now())) RETURNING id, slug`,
    [opts.slug ?? `mod-${uid()}`, opts.publicationId, opts.title ?? 'Module', opts.origin ?? 'content', opts.retiredAt ?? null, opts.updatedAt ?? null],
  );
}

/** A live lesson at `position`, or a retired one (position null) when retired. */
export function newLesson(
  db: DataSource,
  opts: { moduleId: string; position: number; slug?: string; title?: string; estimatedMinutes?: number; sources?: unknown[]; retired?: boolean },
): Promise<{ id: string; slug: string }> {
  return one(
    db,
    `INSERT INTO lessons (module_id, slug, position, title, estimated_minutes, objectives, body_markdown, body_html, sources, content_hash, retired_at)
     VALUES ($1, $2, $3, $4, $5, '{}', 'Body', '<p>Body</p>', $6::jsonb, 'hash', $7) RETURNING id, slug`,
    [
      opts.moduleId,
      opts.slug ?? `lesson-${uid()}`,
      opts.retired ? null : opts.position,
      opts.title ?? 'Lesson',
      opts.estimatedMinutes ?? 10,
      JSON.stringify(opts.sources ?? []),
      opts.retired ? new Date() : null,
    ],
  );
}

export interface CourseRef {
  id: string;
  slug: string;
  versionId: string;
}

/** A new version of the course holding `moduleIds` in order, made its current one. */
export async function newCourseVersion(
  db: DataSource,
  courseId: string,
  opts: { title?: string; moduleIds?: string[]; defaultDuePeriodDays?: number | null; contentHash?: string } = {},
): Promise<string> {
  const { id } = await one<{ id: string }>(
    db,
    `INSERT INTO course_versions (course_id, version, title, summary, audience, objectives, pass_mark, default_due_period_days, content_hash, snapshot)
     SELECT $1, coalesce(max(version), 0) + 1, $2, 'Course summary', 'Everyone', '{}', 70, $3, $4, '{}'::jsonb FROM course_versions WHERE course_id = $1
     RETURNING id`,
    [courseId, opts.title ?? 'Course', opts.defaultDuePeriodDays ?? null, opts.contentHash ?? `hash-${uid()}`],
  );
  for (const [i, moduleId] of (opts.moduleIds ?? []).entries()) {
    await db.query(`INSERT INTO course_modules (course_version_id, module_id, position) VALUES ($1, $2, $3)`, [id, moduleId, i + 1]);
  }
  await db.query(`UPDATE courses SET current_version_id = $2 WHERE id = $1`, [courseId, id]);
  return id;
}

export async function newCourse(
  db: DataSource,
  opts: {
    slug?: string;
    title?: string;
    status?: 'draft' | 'published';
    origin?: 'content' | 'authored';
    /** Set: an organisation-only (tailored) course of that organisation. */
    organisationId?: string | null;
    /** Whom an organisation course is published to (default organisation). */
    audience?: 'organisation' | 'cohorts';
    moduleIds?: string[];
    defaultDuePeriodDays?: number | null;
    contentHash?: string;
    retiredAt?: Date | null;
    updatedAt?: Date | string;
  } = {},
): Promise<CourseRef> {
  // The audience column only when asked for: tests of older migrations (assessment-migration) build courses on a schema without it.
  const withAudience = opts.audience !== undefined;
  const { id, slug } = await one<{ id: string; slug: string }>(
    db,
    `INSERT INTO courses (slug, status, content_hash, origin, visibility, organisation_id, retired_at${withAudience ? ', audience' : ''})
     VALUES ($1, $2, 'hash', $3, $4, $5, $6${withAudience ? ', $7' : ''}) RETURNING id, slug`,
    [
      opts.slug ?? `course-${uid()}`,
      opts.status ?? 'published',
      opts.origin ?? 'content',
      opts.organisationId ? 'organisation' : 'public',
      opts.organisationId ?? null,
      opts.retiredAt ?? null,
      ...(withAudience ? [opts.audience] : []),
    ],
  );
  const versionId = await newCourseVersion(db, id, opts);
  if (opts.updatedAt) await db.query(`UPDATE courses SET updated_at = $2 WHERE id = $1`, [id, opts.updatedAt]);
  return { id, slug, versionId };
}

export function newEnrolment(
  db: DataSource,
  opts: { userId: string; courseId: string; versionId: string; enrolledAt?: Date | string; dueAt?: Date | null },
): Promise<{ id: string }> {
  return one(
    db,
    `INSERT INTO enrolments (user_id, course_id, course_version_id, enrolled_at, due_at)
     VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5) RETURNING id`,
    [opts.userId, opts.courseId, opts.versionId, opts.enrolledAt ?? null, opts.dueAt ?? null],
  );
}
