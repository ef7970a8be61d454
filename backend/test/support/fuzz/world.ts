import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword } from '../../../src/modules/identity/passwords.js';
import { tokenFromMail } from '../people.js';
import { spawnApi, type ServiceProcess } from '../processes.js';
import { baseline, PERSONAS, type BuildContext, type Credentials, type Fixtures, type Harvested, type PersonaName } from './cases.js';
import { rng } from './rng.js';
import type { Operation } from './spec.js';

/**
 * The world a fuzz run needs: the real API as its own process (so a request that blocks its
 * event loop cannot stall the test runner, and a crash shows), on a migrated database with the
 * content imported; people in every role; real objects for every path parameter; real tokens
 * and cursors. Personas sign in through the API and send Bearer tokens (no CSRF involved).
 */

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

type Role = 'learner' | 'trainer' | 'org_admin';

interface PersonaPlan {
  admin: boolean;
  /** Memberships, as role in organisation A and B. */
  roles: Role | undefined;
}

const PLANS: Record<Exclude<PersonaName, 'anonymous'>, PersonaPlan> = {
  learner: { admin: false, roles: 'learner' },
  orgAdmin: { admin: false, roles: 'org_admin' },
  platformAdmin: { admin: true, roles: undefined },
};

export interface World {
  api: ServiceProcess & { baseUrl: string };
  fixtures: Fixtures;
  /** Credentials for a persona; destructive operations get throwaway people. */
  credentials(persona: PersonaName, destructive: boolean): Credentials | undefined;
  /**
   * After a destructive operation succeeded: puts the colleague back, and replaces the throwaway
   * persona when the request spent its credentials or its session no longer works. Answers
   * whether it replaced someone.
   */
  afterDestructiveSuccess(persona: PersonaName, spentCredentials: boolean): Promise<boolean>;
  /** Checks (and repairs) the long-lived personas; answers what was wrong. */
  checkPersonas(): Promise<string[]>;
  /** Reads real nextCursors for every list (needs the operations). */
  harvestCursors(operations: Operation[], seed: number): Promise<void>;
  notes: string[];
  close(): Promise<void>;
}

export async function createWorld(opts: { databaseUrl: string; redisUrl: string; queuePrefix: string }): Promise<World> {
  const mailDir = await mkdtemp(join(tmpdir(), 'htmse-fuzz-mail-'));
  const uploadDir = await mkdtemp(join(tmpdir(), 'htmse-fuzz-uploads-'));
  const api = await spawnApi({
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: opts.queuePrefix,
    QUEUE_DRIVER: 'inline',
    TRUST_PROXY: 'true',
    MAIL_DIR: mailDir,
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: 'error',
  });
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  // The scratch database is dropped WITH (FORCE) at the end: that ends this connection.
  db.on('error', () => undefined);
  try {
    await db.connect();
    return await build(api, db, mailDir, uploadDir);
  } catch (err) {
    await api.stop();
    await db.end().catch(() => undefined);
    await rm(mailDir, { recursive: true, force: true });
    await rm(uploadDir, { recursive: true, force: true });
    throw err;
  }
}

async function build(api: ServiceProcess & { baseUrl: string }, db: pg.Client, mailDir: string, uploadDir: string): Promise<World> {
  const notes: string[] = [];
  const base = api.baseUrl;
  let ip = 0;
  const nextIp = () => `10.250.${Math.floor(++ip / 250) % 250}.${(ip % 250) + 1}`;

  const call = async (method: string, path: string, body?: unknown, token?: string, expect?: number): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'x-forwarded-for': nextIp(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (expect !== undefined && res.status !== expect)
      throw new Error(`fuzz setup: ${method} ${path}: expected ${expect}, got ${res.status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  // Every person the fuzzer makes shares one password hash: hashing is the slow part of making one.
  const sharedPassword = `fuzz shared password ${randomUUID()}`;
  const sharedHash = await hashPassword(sharedPassword);
  const insertUser = async (label: string, admin = false, verified = true): Promise<{ userId: string; email: string; password: string }> => {
    // The local part stays within the 64 characters an address allows.
    const email = `fuzz-${label.toLowerCase().slice(0, 20)}-${randomUUID().replace(/-/g, '')}@example.org`;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO users (email, display_name, password_hash, email_verified_at, is_platform_admin) VALUES ($1, $2, $3, ${verified ? 'now()' : 'NULL'}, $4) RETURNING id`,
      [email, `Fuzz ${label}`, sharedHash, admin],
    );
    return { userId: rows[0]!.id, email, password: sharedPassword };
  };
  const signIn = async (user: { userId: string; email: string; password: string }): Promise<Credentials> => {
    const out = await call('POST', '/api/auth/login', { email: user.email, password: user.password, tokenDelivery: 'body' }, undefined, 200);
    return { ...user, accessToken: String(out.accessToken), refreshToken: String(out.refreshToken) };
  };
  const setRole = async (organisationId: string, userId: string, role: Role) => {
    await db.query(
      `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [organisationId, userId, role],
    );
  };

  // ── people and organisations ──────────────────────────────────────────────────────────────
  const platformAdmin = await signIn(await insertUser('platform-admin', true));
  const orgA = await call('POST', '/api/organisations', { name: `Fuzz Organisation A ${randomUUID().slice(0, 8)}` }, platformAdmin.accessToken, 201);
  const orgB = await call('POST', '/api/organisations', { name: `Fuzz Organisation B ${randomUUID().slice(0, 8)}` }, platformAdmin.accessToken, 201);
  const orgIds = [String(orgA.id), String(orgB.id)];

  const makePersona = async (persona: Exclude<PersonaName, 'anonymous'>, label: string): Promise<Credentials> => {
    const plan = PLANS[persona];
    const user = await insertUser(label, plan.admin);
    if (plan.roles) for (const org of orgIds) await setRole(org, user.userId, plan.roles);
    return signIn(user);
  };
  const main = new Map<PersonaName, Credentials>();
  main.set('platformAdmin', platformAdmin);
  main.set('learner', await makePersona('learner', 'learner'));
  main.set('orgAdmin', await makePersona('orgAdmin', 'org-admin'));
  const colleague = await insertUser('colleague');
  await setRole(orgIds[0]!, colleague.userId, 'learner');
  const loginTarget = await insertUser('login-target');
  const resetTarget = await insertUser('reset-target');
  const sessionUser = await insertUser('session');
  let session = await signIn(sessionUser);
  const learner = main.get('learner')!;
  const rolesOf = async (userId: string) =>
    (
      await db.query<{ role: Role; organisation_id: string }>(`SELECT organisation_id, role FROM memberships WHERE user_id = $1 ORDER BY organisation_id`, [
        userId,
      ])
    ).rows
      .map((r) => `${r.organisation_id}:${r.role}`)
      .join(', ');
  const initialRoles = new Map<PersonaName, string>();
  for (const [persona, creds] of main) initialRoles.set(persona, await rolesOf(creds.userId));
  const orgAdmin = main.get('orgAdmin')!;

  // ── content and objects for every path parameter ──────────────────────────────────────────
  const publication = (await db.query<{ slug: string; source_text: string }>(`SELECT slug, source_text FROM publications ORDER BY slug LIMIT 1`)).rows[0];
  const contentModules = (await db.query<{ slug: string }>(`SELECT slug FROM modules WHERE origin = 'content' ORDER BY slug`)).rows.map((r) => r.slug);
  if (!publication || contentModules.length === 0) throw new Error('fuzz setup: the content is not imported');
  const passage = publication.source_text.split(/(?<=[.!?])\s+/)[0]!.slice(0, 200);
  const courses = (await call('GET', '/api/courses?limit=2', undefined, undefined, 200)).items as { slug: string }[];
  if (courses.length < 2) throw new Error('fuzz setup: fewer than two public courses');
  const contentCourse = courses[0]!.slug;
  const contentLesson = (
    await db.query<{ id: string }>(
      `SELECT l.id FROM lessons l JOIN course_modules cm ON cm.module_id = l.module_id JOIN courses c ON c.current_version_id = cm.course_version_id
       WHERE c.slug = $1 ORDER BY cm.position, l.position LIMIT 1`,
      [contentCourse],
    )
  ).rows[0]?.id;
  if (!contentLesson) throw new Error('fuzz setup: no lesson in the first public course');

  const invitations: string[] = [];
  const inviteeEmail = `fuzz-invitee-${randomUUID()}@example.org`;
  for (const email of [inviteeEmail, `fuzz-invitee-${randomUUID()}@example.org`]) {
    invitations.push(String((await call('POST', `/api/organisations/${orgIds[0]}/invitations`, { email, role: 'learner' }, orgAdmin.accessToken, 201)).id));
  }
  const invitationToken = await tokenFromMail(mailDir, inviteeEmail, '/invitations/accept');

  const tailored: string[] = [];
  for (let i = 0; i < 2; i++) {
    const out = await call(
      'POST',
      `/api/organisations/${orgIds[0]}/courses`,
      { title: `Fuzz tailored ${i}`, moduleSlugs: [contentModules[0]], passMark: 70 },
      orgAdmin.accessToken,
      201,
    );
    tailored.push(String(out.slug));
  }
  const runTag = randomUUID().slice(0, 8);
  const authoredModules: string[] = [];
  const authoredLessons: string[] = [];
  for (let i = 0; i < 2; i++) {
    const slug = `fuzz-module-${runTag}-${i}`;
    await call(
      'POST',
      '/api/authoring/modules',
      { slug, publicationSlug: publication.slug, title: `Fuzz module ${i}`, summary: 'A module for the fuzzer.' },
      platformAdmin.accessToken,
      201,
    );
    authoredModules.push(slug);
    const lesson = await call(
      'POST',
      `/api/authoring/modules/${slug}/lessons`,
      { slug: `fuzz-lesson-${i}`, title: `Fuzz lesson ${i}`, estimatedMinutes: 5, bodyMarkdown: '# Fuzz\n\nA short lesson.' },
      platformAdmin.accessToken,
      201,
    );
    authoredLessons.push(String(lesson.id));
  }
  // The question bank and a quiz (assessment) on the first authored module.
  const authoredModuleId = String((await call('GET', `/api/authoring/modules/${authoredModules[0]}`, undefined, platformAdmin.accessToken, 200)).id);
  const contentModuleId = (await db.query<{ id: string }>(`SELECT id FROM modules WHERE slug = $1`, [contentModules[0]])).rows[0]!.id;
  const question = await call(
    'POST',
    `/api/modules/${authoredModuleId}/questions`,
    { type: 'true_false', prompt: 'A fuzz question', source: { publication: publication.slug, passage }, correctValue: true },
    platformAdmin.accessToken,
    201,
  );
  const quiz = await call('POST', `/api/modules/${authoredModuleId}/quiz`, undefined, platformAdmin.accessToken, 201);
  const authoredCourses: string[] = [];
  for (let i = 0; i < 2; i++) {
    const slug = `fuzz-course-${runTag}-${i}`;
    await call(
      'POST',
      '/api/authoring/courses',
      { slug, title: `Fuzz course ${i}`, moduleSlugs: [contentModules[0]], passMark: 70 },
      platformAdmin.accessToken,
      201,
    );
    authoredCourses.push(slug);
  }
  const enrolments: string[] = [];
  for (const course of courses)
    enrolments.push(String((await call('POST', `/api/courses/${course.slug}/enrolments`, undefined, learner.accessToken)).enrolmentId));
  await call('POST', `/api/courses/${tailored[0]}/enrolments`, undefined, learner.accessToken);
  // The learner's attempt of the quiz of a module of the catalogue's first course (imported bank).
  const contentQuiz = (
    await db.query<{ id: string }>(
      `SELECT z.id FROM quizzes z JOIN course_modules cm ON cm.module_id = z.module_id JOIN courses c ON c.current_version_id = cm.course_version_id
        WHERE c.slug = $1 AND z.course_id IS NULL ORDER BY cm.position LIMIT 1`,
      [contentCourse],
    )
  ).rows[0];
  if (!contentQuiz) throw new Error(`fuzz setup: the course ${contentCourse} has no module quiz (is the question bank imported?)`);
  const attempt = await call('POST', `/api/quizzes/${contentQuiz.id}/attempts`, undefined, learner.accessToken, 201);
  const enquiries: string[] = [];
  for (let i = 0; i < 2; i++) {
    const out = await call(
      'POST',
      '/api/enquiries',
      { organisation: 'Fuzz NGO', contactName: 'Fuzz Contact', email: 'contact@example.org', needs: 'Training', staffCount: 10 },
      undefined,
      201,
    );
    enquiries.push(String(out.id));
  }
  const ping = await call('POST', '/api/system/pings', { label: 'fuzz' }, platformAdmin.accessToken, 202);

  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'fuzz.png');
  const uploaded = await fetch(`${base}/api/authoring/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platformAdmin.accessToken}` },
    body: form,
  });
  if (uploaded.status !== 201) throw new Error(`fuzz setup: upload answered ${uploaded.status} ${await uploaded.text()}`);
  const uploadedFile = String(((await uploaded.json()) as { file: string }).file);

  // Real one-time tokens: the first valid case uses each up; the rest meet "used" or their mutation.
  const pending = { email: `fuzz-pending-${randomUUID()}@example.org`, password: `fuzz pending password ${randomUUID()}` };
  await call('POST', '/api/auth/register', { email: pending.email, displayName: 'Fuzz Pending', password: pending.password }, undefined, 202);
  const verifyToken = await tokenFromMail(mailDir, pending.email, '/verify-email');
  await call('POST', '/api/auth/forgot-password', { email: resetTarget.email }, undefined, 202);
  const resetToken = await tokenFromMail(mailDir, resetTarget.email, '/reset-password');

  // ── fixtures: values by path parameter, query parameter and body field ────────────────────
  const pathValues: Record<string, (op: Operation) => string | undefined> = {
    organisationId: () => orgIds[0],
    userId: () => colleague.userId,
    invitationId: () => invitations[1],
    enquiryId: () => enquiries[0],
    enrolmentId: () => enrolments[0],
    lessonId: () => authoredLessons[0],
    moduleSlug: () => authoredModules[0],
    courseSlug: (op) => (op.path.startsWith('/api/organisations/') || op.path.startsWith('/api/tailored-courses/') ? tailored[0] : authoredCourses[0]),
    // A tailored course's quiz is of a module in it (the content module); the bank is the authored module's.
    moduleId: (op) => (op.path.startsWith('/api/tailored-courses/') ? contentModuleId : authoredModuleId),
    questionId: () => String(question.id),
    // The learner's routes (read a quiz, start an attempt) on the catalogue's quiz; authoring on the authored module's.
    quizId: (op) => (op.path === '/api/quizzes/{quizId}' || op.path === '/api/quizzes/{quizId}/attempts' ? contentQuiz.id : String(quiz.id)),
    attemptId: () => String(attempt.id),
    slug: (op) => (op.path.startsWith('/api/publications/') ? publication.slug : contentCourse),
    id: (op) => (op.path.startsWith('/api/lessons/') ? contentLesson : op.path.startsWith('/api/system/pings/') ? String(ping.id) : undefined),
    file: () => uploadedFile,
    // The first revocation status list (public; it exists as soon as the database does).
    listId: () => '1',
  };
  const unknownParams = new Set<string>();
  const strongPassword = (ctx: BuildContext) => `fuzz new password ${ctx.seed}-${ctx.index} horse battery`;
  const bodyHints: Record<string, (op: Operation, ctx: BuildContext) => unknown> = {
    // Sign-in and mail-me routes: an account that exists; creating routes: a new address per case.
    email: (op, ctx) =>
      (({ login: loginTarget.email, resendVerification: pending.email }) as Record<string, string>)[op.operationId] ??
      `fuzz-${ctx.seed.toString(16)}-${ctx.index}@example.org`,
    password: (op, ctx) =>
      op.operationId === 'login' ? loginTarget.password : op.operationId === 'deleteMe' ? (ctx.creds?.password ?? sharedPassword) : strongPassword(ctx),
    currentPassword: (_op, ctx) => ctx.creds?.password ?? sharedPassword,
    newPassword: (_op, ctx) => strongPassword(ctx),
    tokenDelivery: () => 'body',
    refreshToken: (_op, ctx) => ctx.creds?.refreshToken ?? session.refreshToken,
    token: (op) => (({ verifyEmail: verifyToken, resetPassword: resetToken, acceptInvitation: invitationToken }) as Record<string, string>)[op.operationId],
    moduleSlugs: () => [contentModules[0]],
    publicationSlug: () => publication.slug,
    publication: () => publication.slug,
    passage: () => passage,
    sources: () => [{ publication: publication.slug, passage }],
    markdown: () => '# Fuzz\n\nA *short* paragraph with a [link](https://example.org).',
    bodyMarkdown: () => '# Fuzz\n\nA *short* paragraph with a [link](https://example.org).',
    objectives: () => ['Recognise the signs'],
    passMark: () => 70,
    defaultDuePeriodDays: () => 30,
    estimatedMinutes: () => 5,
    staffCount: () => 10,
    workMs: () => 0,
    status: (op) => (op.operationId === 'updateEnquiry' ? 'in_progress' : undefined),
  };

  const cursors = new Map<string, Harvested>();
  const anyCursors = new Map<string, Harvested>();

  const fixtures: Fixtures = {
    image: PNG,
    pathValue: (op, name) => {
      const value = pathValues[name]?.(op);
      if (value === undefined && !unknownParams.has(`${op.key} {${name}}`)) {
        unknownParams.add(`${op.key} {${name}}`);
        notes.push(`no fixture for the path parameter {${name}} of ${op.key}: add one in test/support/fuzz/world.ts, else its requests stop at 404`);
      }
      return value;
    },
    queryValue: (op, name) => {
      if (name === 'limit') return '2';
      if (name === 'token') return invitationToken;
      if (name === 'course') return contentCourse;
      return undefined;
    },
    bodyValue: (op, path, ctx) => {
      const name = [...path].reverse().find((p): p is string => typeof p === 'string');
      // Array items: the array's hint gives the whole array, so the item is its first element.
      if (typeof path[path.length - 1] === 'number' && name && bodyHints[name]) {
        const whole = bodyHints[name]!(op, ctx);
        return Array.isArray(whole) ? { value: whole[0] } : undefined;
      }
      if (!name || !bodyHints[name]) return undefined;
      const value = bodyHints[name]!(op, ctx);
      return value === undefined ? undefined : { value };
    },
    cursor: (op, persona) => cursors.get(`${op.key}|${persona}`),
    anyCursor: (op, persona) => anyCursors.get(`${op.key}|${persona}`) ?? PERSONAS.map((p) => anyCursors.get(`${op.key}|${p}`)).find(Boolean),
  };

  // ── personas for destructive operations: throwaway, replaced after every success ─────────
  const throwaway = new Map<PersonaName, Credentials>();
  let throwawayCount = 0;
  const credentials = (persona: PersonaName, destructive: boolean) => {
    if (persona === 'anonymous') return undefined;
    return destructive ? throwaway.get(persona) : main.get(persona);
  };
  const refillThrowaways = async () => {
    for (const persona of PERSONAS) {
      if (persona === 'anonymous' || throwaway.has(persona)) continue;
      throwaway.set(persona, await makePersona(persona, `tmp-${persona}-${++throwawayCount}`));
    }
  };
  await refillThrowaways();

  return {
    api,
    fixtures,
    notes,
    credentials,
    afterDestructiveSuccess: async (persona, spentCredentials) => {
      // The member routes act on the colleague: put them back as they were.
      await setRole(orgIds[0]!, colleague.userId, 'learner');
      if (persona === 'anonymous') {
        // Anonymous sign-out and refresh use the session user's refresh token.
        session = await signIn(sessionUser);
        return true;
      }
      const creds = throwaway.get(persona)!;
      if (!spentCredentials) {
        const res = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${creds.accessToken}` } });
        await res.arrayBuffer();
        if (res.status === 200) return false;
      }
      throwaway.delete(persona);
      await refillThrowaways();
      return true;
    },
    checkPersonas: async () => {
      const problems: string[] = [];
      for (const [persona, creds] of main) {
        const res = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${creds.accessToken}` } });
        await res.arrayBuffer();
        if (res.status !== 200) {
          problems.push(`${persona}'s session no longer works (GET /api/me answered ${res.status})`);
          main.set(persona, await signIn(creds));
        }
        const roles = await rolesOf(creds.userId);
        if (roles !== initialRoles.get(persona)) {
          problems.push(`${persona}'s memberships changed from [${initialRoles.get(persona)}] to [${roles}]`);
          await db.query(`DELETE FROM memberships WHERE user_id = $1`, [creds.userId]);
          for (const entry of initialRoles.get(persona)!.split(', ').filter(Boolean)) {
            const [org, role] = entry.split(':') as [string, Role];
            await setRole(org, creds.userId, role);
          }
        }
      }
      return problems;
    },
    harvestCursors: async (operations, seed) => {
      for (const op of operations.filter((o) => o.method === 'GET' && o.params.some((p) => p.in === 'query' && p.name === 'cursor'))) {
        for (const persona of PERSONAS) {
          const creds = credentials(persona, false);
          const ctx: BuildContext = { seed, index: -1, persona, creds, rng: rng(`${seed}|harvest|${op.key}|${persona}`) };
          const req = baseline(op, ctx, fixtures);
          const path = req.pathTemplate.replace(/\{([^}]+)\}/g, (_m, n: string) => encodeURIComponent(String(req.path[n])));
          const queries: [string, string][][] = [
            (req.query as [string, string][]).filter(([k]) => k !== 'cursor' && k !== 'limit'),
            (req.query as [string, string][]).filter(([k]) => op.params.some((p) => p.name === k && p.required)),
          ];
          for (const [i, query] of queries.entries()) {
            const qs = new URLSearchParams([...query, ['limit', '1']]).toString();
            const res = await fetch(`${base}${path}?${qs}`, { headers: creds ? { authorization: `Bearer ${creds.accessToken}` } : {} });
            const body = (await res.json().catch(() => ({}))) as { nextCursor?: unknown };
            if (res.status === 200 && typeof body.nextCursor === 'string')
              (i === 0 ? cursors : anyCursors).set(`${op.key}|${persona}`, { cursor: body.nextCursor, query });
          }
        }
      }
    },
    close: async () => {
      await api.stop();
      await db.end();
      await rm(mailDir, { recursive: true, force: true });
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}
