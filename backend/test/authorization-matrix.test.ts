import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORG_ROLE_RANK, type AccessRule, type OrgRole } from '../src/common/auth/access.js';
import { RouteRegistry, type RouteInfo } from '../src/common/auth/route-registry.js';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { QuestionBankStore } from '../src/modules/assessment/index.js';
import { IssuanceService } from '../src/modules/certificates/issuance.service.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { json } from './support/http.js';

/**
 * Every route, called as every kind of caller. Routes come from the same registry that refuses
 * to boot when a route declares no access rule, so a new route is in this matrix automatically;
 * a new path parameter without a fixture below fails the test.
 *
 * Personas: anonymous; learner, trainer and org admin of organisation A; an org admin of
 * organisation B (calling on A's objects); a platform admin.
 */
type Persona = 'anonymous' | 'learnerA' | 'trainerA' | 'adminA' | 'adminB' | 'platformAdmin';
const PERSONAS: Persona[] = ['anonymous', 'learnerA', 'trainerA', 'adminA', 'adminB', 'platformAdmin'];
const ROLE_IN_A: Partial<Record<Persona, OrgRole>> = { learnerA: 'learner', trainerA: 'trainer', adminA: 'org_admin' };

let api: TestApi;
let db: pg.Client;
/** A database of its own: the fixtures need the imported catalogue, which catalogue.test.ts imports from nothing. */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
const tokens = new Map<Persona, SignedIn>();
const fixtures: Record<string, string> = {};
/** Strings that only organisation A's data contains: a denied response must hold none of them. */
const secretsOfA: string[] = [];
/** A cohort of A that trainerA does not train. */
let cohortYId = '';

async function call(persona: Persona, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const who = tokens.get(persona);
  if (who) headers.authorization = `Bearer ${who.accessToken}`;
  return fetch(`${api.baseUrl}${path}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(body ?? {}) });
}

async function member(userId: string, organisationId: string, role: OrgRole, label: string) {
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, userId, role]);
  const name = `${label} ${randomUUID().slice(0, 8)}`;
  await db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [userId, name]);
  return name;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  // A quiz on a module of the public catalogue (and of A's tailored course below).
  const quizId = await source.transaction(async (m) => {
    const [mod] = (await m.query(`SELECT id FROM modules WHERE slug = 'behaviour-change-campaigns'`)) as { id: string }[];
    const store = new QuestionBankStore(m);
    const question = await store.upsertQuestion(mod!.id, 'm1', {
      type: 'single',
      prompt: 'Matrix?',
      definition: {
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      },
      answerKey: { optionId: 'a' },
      generalFeedback: '',
      source: { publication: 'p', passage: 'x' },
      tags: [],
    });
    const quiz = await store.ensureModuleQuiz(mod!.id, { title: 'Matrix quiz', passMark: 50 });
    await store.setSlots(quiz.id, [{ questionId: question.id }]);
    return quiz.id;
  });
  await source.destroy();
  const databaseUrl = scratch.url;
  api = await startApi({ DATABASE_URL: databaseUrl, REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: inject('queuePrefix'), QUEUE_DRIVER: 'inline' });
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();

  const admin = await signIn(api.baseUrl, await createVerifiedUser(databaseUrl, { admin: true }));
  tokens.set('platformAdmin', admin);
  const orgName = (label: string) => `Organisation ${label} ${randomUUID().slice(0, 8)}`;
  const create = async (name: string) => {
    const res = await fetch(`${api.baseUrl}/api/organisations`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(res.status).toBe(201);
    return (await json(res)) as { id: string; name: string; slug: string };
  };
  const orgA = await create(orgName('A'));
  const orgB = await create(orgName('B'));
  secretsOfA.push(orgA.name, orgA.slug);

  for (const [persona, role, org] of [
    ['learnerA', 'learner', orgA],
    ['trainerA', 'trainer', orgA],
    ['adminA', 'org_admin', orgA],
    ['adminB', 'org_admin', orgB],
  ] as const) {
    const user = await createVerifiedUser(databaseUrl);
    const name = await member(user.userId, org.id, role, persona);
    if (org === orgA) secretsOfA.push(user.email, name);
    tokens.set(persona, await signIn(api.baseUrl, user));
  }

  const inviteeEmail = `invitee-${randomUUID()}@example.org`;
  const invitation = await call('adminA', 'POST', `/api/organisations/${orgA.id}/invitations`, { email: inviteeEmail, role: 'learner' });
  expect(invitation.status).toBe(201);
  secretsOfA.push(inviteeEmail);

  const ping = await call('platformAdmin', 'POST', '/api/system/pings', { label: 'matrix' });
  expect(ping.status).toBe(202);

  // A's tailored course, a learner of A enrolled on it, an enquiry.
  const courseTitle = `Tailored course of A ${randomUUID().slice(0, 8)}`;
  const tailored = await call('trainerA', 'POST', `/api/organisations/${orgA.id}/courses`, {
    title: courseTitle,
    moduleSlugs: ['behaviour-change-campaigns'],
    passMark: 70,
  });
  expect(tailored.status).toBe(201);
  const courseSlug = ((await json(tailored)) as { slug: string }).slug;
  secretsOfA.push(courseTitle, courseSlug);
  const enrolment = await call('learnerA', 'POST', `/api/courses/${courseSlug}/enrolments`);
  expect(enrolment.status).toBe(201);
  const enquiry = await call('anonymous', 'POST', '/api/enquiries', {
    organisation: 'Matrix NGO',
    contactName: 'Matrix Contact',
    email: 'matrix@example.org',
    needs: 'Training',
    staffCount: 10,
  });
  expect(enquiry.status).toBe(201);
  const attempt = await call('learnerA', 'POST', `/api/quizzes/${quizId}/attempts`);
  expect(attempt.status).toBe(201);
  const lesson = (await db.query(`SELECT l.id FROM lessons l JOIN modules m ON m.id = l.module_id WHERE m.slug = 'behaviour-change-campaigns' LIMIT 1`))
    .rows[0];

  // The question bank's routes (assessment authoring) on the quiz's module and question above.
  const moduleId = (await db.query(`SELECT id FROM modules WHERE slug = 'behaviour-change-campaigns'`)).rows[0].id as string;
  const questionId = (await db.query(`SELECT id FROM questions WHERE module_id = $1 AND slug = 'm1'`, [moduleId])).rows[0].id as string;

  // Cohorts of A: trainerA trains X (learnerA is in it, with A's tailored course assigned), not Y.
  const cohortX = await call('adminA', 'POST', `/api/organisations/${orgA.id}/cohorts`, { name: `Cohort X ${randomUUID().slice(0, 8)}` });
  const cohortY = await call('adminA', 'POST', `/api/organisations/${orgA.id}/cohorts`, { name: `Cohort Y ${randomUUID().slice(0, 8)}` });
  expect([cohortX.status, cohortY.status]).toEqual([201, 201]);
  const cohortXBody = (await json(cohortX)) as { id: string; name: string };
  const cohortYBody = (await json(cohortY)) as { id: string; name: string };
  secretsOfA.push(cohortXBody.name, cohortYBody.name);
  cohortYId = cohortYBody.id;
  expect((await call('adminA', 'PUT', `/api/cohorts/${cohortXBody.id}/trainers`, { userIds: [tokens.get('trainerA')!.userId] })).status).toBe(200);
  const cohortMember = await call('adminA', 'POST', `/api/cohorts/${cohortXBody.id}/members`, { email: tokens.get('learnerA')!.email });
  expect(cohortMember.status).toBe(201);
  expect((await call('adminA', 'POST', `/api/cohorts/${cohortYBody.id}/members`, { email: tokens.get('learnerA')!.email })).status).toBe(201);
  const courseId = (await db.query(`SELECT id FROM courses WHERE slug = $1`, [courseSlug])).rows[0].id as string;
  const assignment = await call('adminA', 'POST', `/api/cohorts/${cohortXBody.id}/assignments`, { courseId });
  expect(assignment.status).toBe(201);

  // A certificate of learner A for A's tailored course (its completion written as the learning module does), and a bulk batch.
  const enrolmentId = ((await json(enrolment.clone())) as { enrolmentId: string }).enrolmentId;
  const completionId = (
    await db.query(
      `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id)
       SELECT id, user_id, course_id, course_version_id FROM enrolments WHERE id = $1 RETURNING id`,
      [enrolmentId],
    )
  ).rows[0].id as string;
  const issued = await api.app.get(IssuanceService).issue(completionId);
  expect(issued.kind).toBe('issued');
  const batch = await call('platformAdmin', 'POST', '/api/admin/certificates/batches', { userIds: [tokens.get('learnerA')!.userId], reason: 'matrix' });
  expect(batch.status).toBe(201);

  // Path parameters resolve to organisation A's objects.
  Object.assign(fixtures, {
    cohortId: cohortXBody.id,
    memberId: ((await json(cohortMember)) as { member: { id: string } }).member.id,
    assignmentId: ((await json(assignment)) as { id: string }).id,
    certificateId: issued.kind === 'issued' ? issued.certificate.id : '',
    batchId: ((await json(batch)) as { id: string }).id,
    moduleId,
    questionId,
    organisationId: orgA.id,
    userId: tokens.get('learnerA')!.userId,
    invitationId: ((await json(invitation)) as { id: string }).id,
    id: ((await json(ping)) as { id: string }).id,
    slug: courseSlug,
    courseSlug,
    enrolmentId: ((await json(enrolment)) as { enrolmentId: string }).enrolmentId,
    enquiryId: ((await json(enquiry)) as { id: string }).id,
    moduleSlug: 'behaviour-change-campaigns',
    lessonId: lesson.id,
    quizId,
    attemptId: ((await json(attempt)) as { id: string }).id,
  });
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await scratch?.drop();
});

function routes(): RouteInfo[] {
  return api.app.get(RouteRegistry).routes();
}

function pathFor(route: RouteInfo): string {
  // `::` is Fastify's escaped literal colon (POST /api/cohorts/{id}/members:import).
  return route.path
    .replace(/::/g, '\u00a7')
    .replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      // Public routes deny nobody, so any value exercises them; other routes need A's real objects.
      const value = fixtures[name] ?? (route.rule?.kind === 'public' ? 'no-such-thing' : undefined);
      if (!value) throw new Error(`${route.method} ${route.path}: add a fixture for the path parameter :${name} to this matrix`);
      return value;
    })
    .replace(/\u00a7/g, ':');
}

/** A cohort's routes: authenticated, then the cohort access rule (its trainers, the organisation's org admins). */
const isCohortRoute = (route: RouteInfo) => route.path.startsWith('/api/cohorts/:cohortId');

/** What the rule says this persona must get on organisation A's objects: a status, or 'allowed'. */
function expected(rule: AccessRule, persona: Persona, route?: RouteInfo): 401 | 403 | 404 | 'allowed' {
  if (rule.kind === 'public') return 'allowed';
  if (persona === 'anonymous') return 401;
  if (rule.kind === 'authenticated') {
    // Reads of a cohort: a learner of A and another organisation's admin get 404 (writes are
    // validated first, so their refusals are tested in cohorts.test.ts instead).
    if (route && isCohortRoute(route) && route.method === 'GET' && (persona === 'learnerA' || persona === 'adminB')) return 404;
    // A trainer's needs-attention queue: 403 for someone who trains nowhere (docs/cohorts.md#needs-attention).
    if (route?.path === '/api/me/attention' && (persona === 'learnerA' || persona === 'platformAdmin')) return 403;
    return 'allowed';
  }
  if (persona === 'platformAdmin') return 'allowed';
  if (rule.kind === 'platform-admin') return 403;
  const role = ROLE_IN_A[persona];
  if (!role) return 404; // not a member of A: A's objects do not exist for them
  return ORG_ROLE_RANK[role] >= ORG_ROLE_RANK[rule.minRole] ? 'allowed' : 403;
}

describe('authorization matrix', () => {
  it('covers every route, and every route declares who may call it', () => {
    const all = routes();
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(all.filter((r) => !r.rule)).toEqual([]);
    for (const route of all) expect(() => pathFor(route)).not.toThrow();
  });

  it("denies every caller the rule excludes with 401/403/404, and leaks none of A's data", async () => {
    const problems: string[] = [];
    let denials = 0;
    for (const route of routes()) {
      for (const persona of PERSONAS) {
        const want = expected(route.rule!, persona, route);
        if (want === 'allowed') continue;
        denials++;
        const res = await call(persona, route.method, pathFor(route));
        const text = await res.text();
        if (res.status !== want) problems.push(`${persona} ${route.method} ${route.path}: expected ${want}, got ${res.status} ${text.slice(0, 120)}`);
        const leaked = secretsOfA.filter((s) => text.includes(s));
        if (leaked.length) problems.push(`${persona} ${route.method} ${route.path}: response contains organisation A data (${leaked.join(', ')})`);
      }
    }
    expect(problems).toEqual([]);
    expect(denials).toBeGreaterThan(40);
  });

  it('lets every allowed caller past the access check on reads, and none of them meets a server error', async () => {
    const problems: string[] = [];
    let allowed = 0;
    for (const route of routes().filter((r) => r.method === 'GET')) {
      for (const persona of PERSONAS) {
        if (expected(route.rule!, persona, route) !== 'allowed') continue;
        allowed++;
        const res = await call(persona, 'GET', pathFor(route));
        const text = await res.text();
        if ([401, 403].includes(res.status) || (route.rule!.kind === 'org-member' && res.status === 404)) {
          problems.push(`${persona} GET ${route.path}: refused with ${res.status}`);
        }
        // A 5xx is a bug, not a pass: it says nothing about whether access would have been right.
        if (res.status >= 500) problems.push(`${persona} GET ${route.path}: server error ${res.status} ${text.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(allowed).toBeGreaterThan(40);
  });

  it("gives a trainer of cohort X 404 for every read of cohort Y (progress, exports, summary, members, learners' timelines), leaking nothing", async () => {
    const problems: string[] = [];
    const reads = routes().filter((r) => r.method === 'GET' && isCohortRoute(r));
    expect(reads.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/cohorts/:cohortId/progress', '/api/cohorts/:cohortId/progress.csv', '/api/cohorts/:cohortId/members']),
    );
    for (const route of reads) {
      const path = pathFor(route).replace(fixtures.cohortId!, cohortYId);
      const res = await call('trainerA', 'GET', path);
      const text = await res.text();
      if (res.status !== 404) problems.push(`trainerA GET ${route.path} of cohort Y: expected 404, got ${res.status}`);
      const leaked = secretsOfA.filter((s) => text.includes(s));
      if (leaked.length) problems.push(`trainerA GET ${route.path} of cohort Y: leaked ${leaked.join(', ')}`);
      // The same read of cohort X, which trainerA trains, answers: past the access check, so the
      // item analysis, called without its required ?quizId=, names the field (its figures are
      // tested in cohort-item-analysis.test.ts).
      const own = await call('trainerA', 'GET', pathFor(route));
      const expected = route.path === '/api/cohorts/:cohortId/item-analysis' ? 400 : 200;
      if (own.status !== expected) problems.push(`trainerA GET ${route.path} of cohort X: expected ${expected}, got ${own.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('changed nothing of A through the refused writes', async () => {
    const { rows } = await db.query(`SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [fixtures.organisationId, fixtures.userId]);
    expect(rows).toEqual([{ role: 'learner' }]);
    const invitations = await db.query(`SELECT revoked_at FROM invitations WHERE id = $1`, [fixtures.invitationId]);
    expect(invitations.rows[0].revoked_at).toBeNull();
    const org = await db.query(`SELECT name FROM organisations WHERE id = $1`, [fixtures.organisationId]);
    expect(org.rows[0].name).toBe(secretsOfA[0]);
    const course = await db.query(
      `SELECT c.status, v.version, v.pass_mark FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE c.slug = $1`,
      [fixtures.courseSlug],
    );
    expect(course.rows).toEqual([{ status: 'published', version: 1, pass_mark: 70 }]);
    const enquiry = await db.query(`SELECT status FROM enquiries WHERE id = $1`, [fixtures.enquiryId]);
    expect(enquiry.rows).toEqual([{ status: 'new' }]);
    const attempt = await db.query(`SELECT status, version FROM quiz_attempts WHERE id = $1`, [fixtures.attemptId]);
    expect(attempt.rows).toEqual([{ status: 'in_progress', version: 1 }]);
  });
});
