import type { Page } from 'playwright-core';
import type pg from 'pg';

export const LEARNER_PASSWORD = 'a lantern left on by the canal';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface TestLearner {
  email: string;
  displayName: string;
  id: string;
}

/**
 * A learner registered through the API as the register page does, with the email confirmed in the
 * database (the confirmation flow has its own tests), and, when `organisation` is given, a member
 * (learner role) of a new organisation of that name, so the header carries every link a learner can have.
 */
export async function createLearner(baseUrl: string, db: pg.Client, options: { displayName?: string; organisation?: string } = {}): Promise<TestLearner> {
  const email = `learner.${unique()}@example.org`;
  const displayName = options.displayName ?? `Lea Learner ${unique()}`;
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, displayName, password: LEARNER_PASSWORD })
  });
  if (res.status !== 202) throw new Error(`registering ${email}: ${res.status} ${await res.text()}`);
  const { rows } = await db.query<{ id: string }>('UPDATE users SET email_verified_at = now() WHERE email = $1 RETURNING id', [email]);
  const id = rows[0]!.id;
  if (options.organisation) {
    const org = await db.query<{ id: string }>('INSERT INTO organisations (name, slug) VALUES ($1, $2) RETURNING id', [
      options.organisation,
      `org-${unique()}`
    ]);
    await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'learner')`, [org.rows[0]!.id, id]);
  }
  return { email, displayName, id };
}

/** Signs in through the sign-in page, as a person would; the session cookie stays in the page's context. */
export async function signIn(page: Page, baseUrl: string, learner: TestLearner): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(learner.email);
  await page.getByLabel('Password').fill(LEARNER_PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(`${baseUrl}/account`);
}

/** A lesson with a content note in a public, published course: a sensitive page. */
export async function sensitiveLesson(db: pg.Client): Promise<{ courseSlug: string; lessonPath: string }> {
  const { rows } = await db.query<{ id: string; slug: string }>(
    `SELECT l.id, c.slug FROM lessons l
       JOIN course_modules cm ON cm.module_id = l.module_id
       JOIN courses c ON c.current_version_id = cm.course_version_id
      WHERE l.content_note IS NOT NULL AND l.retired_at IS NULL AND c.visibility = 'public' AND c.status = 'published' AND c.retired_at IS NULL
      ORDER BY c.slug, l.slug LIMIT 1`
  );
  if (rows.length !== 1) throw new Error('no lesson with a content note in a published public course');
  return { courseSlug: rows[0]!.slug, lessonPath: `/courses/${rows[0]!.slug}/lessons/${rows[0]!.id}` };
}

/** Any publication's library page. */
export async function publicationPath(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ slug: string }>('SELECT slug FROM publications ORDER BY slug LIMIT 1');
  if (rows.length !== 1) throw new Error('no publication in the database');
  return `/library/${rows[0]!.slug}`;
}

/** A public, published course whose current version has a content note: a sensitive course page. */
export async function courseWithContentNote(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ slug: string }>(
    `SELECT c.slug FROM courses c JOIN course_versions cv ON cv.id = c.current_version_id
      WHERE cv.content_note IS NOT NULL AND c.visibility = 'public' AND c.status = 'published' AND c.retired_at IS NULL
      ORDER BY c.slug LIMIT 1`
  );
  if (rows.length !== 1) throw new Error('no published public course with a content note');
  return `/courses/${rows[0]!.slug}`;
}
