/**
 * Scale data for issue #12 (docs/performance.md#cohorts-at-scale): one organisation of 10,000
 * learners in 20 cohorts, enrolled on courses of 50 lessons with realistic progress, written with
 * set-based SQL (generate_series, INSERT … SELECT) on one connection.
 *
 * What is made (defaults; every count is an option of `npm run bench:seed`):
 *   - the organisation "Bench organisation (scale)", 1 org admin, 20 trainers, 10,000 learners
 *     (bench-scale-<n>@bench.invalid; password hash given by the caller or none);
 *   - 12 organisation courses (authored, visible to the organisation) of 5 modules × 10 lessons =
 *     50 lessons each, validity 12 months, plus the imported "foundations" course (with quizzes);
 *   - cohort 1 "All staff" (every learner) assigned foundations and bench course 1; cohorts 2-20
 *     (departments, every learner in one of them) assigned bench courses 2-12; trainer n on cohort n
 *     (trainer 1 also on Department 1) (when the cohorts module's tables exist);
 *   - an enrolment per learner and course (due dates from the assignment: some overdue, some due
 *     within a week, some later), lesson_progress in lesson order (70% of enrolments complete, 22%
 *     part-way, 8% not started), course_completions for the complete ones (expires_at 12 months on:
 *     some expired, some expiring within 30 days), quiz attempts and grades on foundations'
 *     quizzes (some with two failed attempts), and learning statements (registered, completed).
 * About 4.9 million lesson_progress rows with the defaults: 10,000 × 12 × 50 × (0.70 + 0.22 × ½),
 * plus foundations' lessons.
 *
 * Speed: the lesson_progress and learning_statements indexes are dropped inside the transaction,
 * the rows inserted with foreign-key triggers off (session_replication_role = replica: every
 * reference is made by the same statements), and the indexes rebuilt, all in one transaction:
 * a failure leaves the database as it was.
 */
import type pg from 'pg';

export interface ScaleOptions {
  learners: number;
  cohorts: number;
  courses: number;
  modulesPerCourse: number;
  lessonsPerModule: number;
  /** A password hash every seeded account gets (so the bench can sign them in); null: none. */
  passwordHash: string | null;
  log: (message: string) => void;
}

export const SCALE_DEFAULTS: Omit<ScaleOptions, 'passwordHash' | 'log'> = {
  learners: 10_000,
  cohorts: 20,
  courses: 12,
  modulesPerCourse: 5,
  lessonsPerModule: 10,
};

export const SCALE_ORG_SLUG = 'bench-scale';

export interface ScaleSummary {
  organisationId: string;
  adminEmail: string;
  trainerEmails: string[];
  learnerEmail: (n: number) => string;
  counts: Record<string, number>;
  seconds: Record<string, number>;
}

/** Every index of a table (its primary key included) as the statements that make it again. */
async function indexesOf(db: pg.ClientBase, table: string): Promise<{ drop: string; create: string }[]> {
  const { rows } = await db.query<{ name: string; def: string; constraint_def: string | null }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def,
            CASE WHEN c.oid IS NOT NULL THEN pg_get_constraintdef(c.oid) END AS constraint_def
       FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
      WHERE i.indrelid = $1::regclass`,
    [table],
  );
  return rows.map((r) =>
    r.constraint_def
      ? { drop: `ALTER TABLE "${table}" DROP CONSTRAINT ${r.name}`, create: `ALTER TABLE "${table}" ADD CONSTRAINT ${r.name} ${r.constraint_def}` }
      : { drop: `DROP INDEX ${r.name}`, create: r.def },
  );
}

const exists = async (db: pg.ClientBase, table: string) =>
  (await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [table])).rows[0]!.t !== null;

/**
 * Seeds the scale data into a migrated database that has the imported course content. Refuses a
 * database that already holds the bench organisation (make the database again instead: see
 * `npm run bench:seed -- --fresh`).
 */
export async function seedScale(db: pg.ClientBase, o: ScaleOptions): Promise<ScaleSummary> {
  const seconds: Record<string, number> = {};
  let mark = Date.now();
  const step = (name: string) => {
    seconds[name] = Math.round((Date.now() - mark) / 100) / 10;
    o.log(`  ${name}: ${seconds[name]} s`);
    mark = Date.now();
  };
  const { rows: already } = await db.query(`SELECT 1 FROM organisations WHERE slug = $1`, [SCALE_ORG_SLUG]);
  if (already.length) throw new Error(`this database already holds the bench organisation (${SCALE_ORG_SLUG}); seed a fresh database (--fresh)`);
  const { rows: foundation } = await db.query<{ course_id: string; version_id: string }>(
    `SELECT c.id AS course_id, c.current_version_id AS version_id FROM courses c WHERE c.slug = 'foundations'`,
  );
  if (!foundation.length) throw new Error('the course content is not imported (content:import): foundations is missing');

  await db.query('BEGIN');
  try {
    await db.query(`SET LOCAL synchronous_commit = off`);
    await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await db.query(`SET LOCAL work_mem = '64MB'`);
    await db.query(`SELECT setseed(0.12)`);

    // People and the organisation.
    const { rows: org } = await db.query<{ id: string }>(`INSERT INTO organisations (name, slug) VALUES ('Bench organisation (scale)', $1) RETURNING id`, [
      SCALE_ORG_SLUG,
    ]);
    const orgId = org[0]!.id;
    await db.query(
      `INSERT INTO users (email, display_name, password_hash, email_verified_at, created_at)
       SELECT 'bench-scale-' || i || '@bench.invalid', 'Scale learner ' || i, $1, now(), now() - interval '500 days'
         FROM generate_series(1, $2::int) i`,
      [o.passwordHash, o.learners],
    );
    await db.query(
      `INSERT INTO users (email, display_name, password_hash, email_verified_at)
       SELECT 'bench-scale-trainer-' || i || '@bench.invalid', 'Scale trainer ' || i, $1, now() FROM generate_series(1, $2::int) i
       UNION ALL SELECT 'bench-scale-admin@bench.invalid', 'Scale organisation admin', $1, now()`,
      [o.passwordHash, o.cohorts],
    );
    await db.query(
      `INSERT INTO memberships (organisation_id, user_id, role)
       SELECT $1, id, CASE WHEN email = 'bench-scale-admin@bench.invalid' THEN 'org_admin'
                           WHEN email LIKE 'bench-scale-trainer-%' THEN 'trainer' ELSE 'learner' END
         FROM users WHERE email LIKE 'bench-scale-%@bench.invalid'`,
      [orgId],
    );
    // Learner number n ↔ user id, for the set-based inserts below.
    await db.query(
      `CREATE TEMP TABLE scale_learners ON COMMIT DROP AS
       SELECT substring(email FROM 'bench-scale-(\\d+)@')::int AS n, id AS user_id FROM users WHERE email ~ '^bench-scale-\\d+@'`,
    );
    await db.query(`ALTER TABLE scale_learners ADD PRIMARY KEY (n)`);
    step('people');

    // Courses: bench courses of modules of lessons (the lesson text copied from an imported lesson).
    const { rows: pub } = await db.query<{ id: string }>(`SELECT id FROM publications ORDER BY slug LIMIT 1`);
    await db.query(
      `INSERT INTO modules (slug, publication_id, title, summary, content_hash, origin, objectives)
       SELECT 'bench-scale-c' || c || '-m' || m, $1, 'Scale course ' || c || ', module ' || m, 'A module of the scale bench.', md5(c || '-' || m), 'authored', '{}'
         FROM generate_series(1, $2::int) c, generate_series(1, $3::int) m`,
      [pub[0]!.id, o.courses, o.modulesPerCourse],
    );
    await db.query(
      `INSERT INTO lessons (module_id, slug, position, title, estimated_minutes, objectives, body_markdown, body_html, sources, content_hash)
       SELECT m.id, 'lesson-' || l, l, m.title || ', lesson ' || l, src.estimated_minutes, src.objectives, src.body_markdown, src.body_html, src.sources, md5(m.slug || l)
         FROM modules m, generate_series(1, $1::int) l,
              (SELECT estimated_minutes, objectives, body_markdown, body_html, sources FROM lessons WHERE retired_at IS NULL ORDER BY slug LIMIT 1) src
        WHERE m.slug LIKE 'bench-scale-c%'`,
      [o.lessonsPerModule],
    );
    await db.query(
      `INSERT INTO courses (slug, status, content_hash, origin, visibility, organisation_id)
       SELECT 'bench-scale-course-' || c, 'published', md5('course' || c), 'authored', 'organisation', $1 FROM generate_series(1, $2::int) c`,
      [orgId, o.courses],
    );
    await db.query(
      `INSERT INTO course_versions (course_id, version, title, summary, audience, objectives, pass_mark, content_hash, snapshot, validity_months)
       SELECT co.id, 1, 'Scale course ' || substring(co.slug FROM '\\d+$'), 'A course of the scale bench.', 'Bench learners.', '{}', 70, co.content_hash,
              jsonb_build_object('modules', (
                SELECT jsonb_agg(jsonb_build_object('slug', m.slug, 'title', m.title, 'contentHash', m.content_hash, 'requires', '[]'::jsonb,
                         'lessons', (SELECT jsonb_agg(jsonb_build_object('id', l.id, 'slug', l.slug, 'title', l.title, 'contentHash', l.content_hash) ORDER BY l.position)
                                       FROM lessons l WHERE l.module_id = m.id)) ORDER BY m.slug)
                  FROM modules m WHERE m.slug LIKE 'bench-scale-c' || substring(co.slug FROM '\\d+$') || '-m%')),
              12
         FROM courses co WHERE co.slug LIKE 'bench-scale-course-%'`,
    );
    await db.query(`UPDATE courses co SET current_version_id = v.id FROM course_versions v WHERE v.course_id = co.id AND co.slug LIKE 'bench-scale-course-%'`);
    await db.query(
      `INSERT INTO course_modules (course_version_id, module_id, position)
       SELECT v.id, m.id, substring(m.slug FROM '-m(\\d+)$')::int
         FROM courses co JOIN course_versions v ON v.id = co.current_version_id
         JOIN modules m ON m.slug LIKE 'bench-scale-c' || substring(co.slug FROM '\\d+$') || '-m%'
        WHERE co.slug LIKE 'bench-scale-course-%'`,
    );
    // Every lesson of every course the learners take, in course order: (course number k, ord).
    // k = 0 is foundations (the imported course); 1..courses the bench courses.
    await db.query(
      `CREATE TEMP TABLE scale_courses ON COMMIT DROP AS
       SELECT 0 AS k, id AS course_id, current_version_id AS version_id FROM courses WHERE slug = 'foundations'
       UNION ALL
       SELECT substring(slug FROM '\\d+$')::int, id, current_version_id FROM courses WHERE slug LIKE 'bench-scale-course-%'`,
    );
    await db.query(
      `CREATE TEMP TABLE scale_lessons ON COMMIT DROP AS
       SELECT sc.k, sc.version_id, l.id AS lesson_id, cm.module_id,
              row_number() OVER (PARTITION BY sc.k ORDER BY cm.position, l.position)::int AS ord
         FROM scale_courses sc JOIN course_modules cm ON cm.course_version_id = sc.version_id
         JOIN lessons l ON l.module_id = cm.module_id AND l.retired_at IS NULL`,
    );
    await db.query(`CREATE INDEX ON scale_lessons (k, ord)`);
    step('courses');

    // Enrolments: every learner on foundations and bench course 1 (All staff), and on the courses
    // of their department (learner n is in department 2 + n mod (cohorts - 1)): bench courses 2..courses.
    // Course k's due date: (k - 5) × 12 days from now (k 1-4 overdue, 5 today, 6 within a week…); foundations 40 days ago.
    // Per enrolment: state (complete 70%, part-way 22%, not started 8%), lessons done, when it began.
    await db.query(
      `CREATE TEMP TABLE scale_enrolments ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, sl.n, sl.user_id, sc.k, sc.course_id, sc.version_id,
              now() - interval '400 days' + (sc.k * interval '14 days') + (random() * interval '30 days') AS enrolled_at,
              CASE WHEN sc.k = 0 THEN now() - interval '40 days' ELSE now() + (sc.k - 5) * interval '12 days' END AS due_at,
              random() AS r, random() AS r2
         FROM scale_learners sl CROSS JOIN scale_courses sc`,
    );
    const { rows: total } = await db.query<{ k: number; lessons: number }>(`SELECT k, count(*)::int AS lessons FROM scale_lessons GROUP BY k`);
    const lessonsOf = new Map(total.map((t) => [t.k, t.lessons]));
    await db.query(`ALTER TABLE scale_enrolments ADD COLUMN lessons int, ADD COLUMN done int, ADD COLUMN last_at timestamptz`);
    await db.query(`UPDATE scale_enrolments SET lessons = CASE WHEN k = 0 THEN $1::int ELSE $2::int END`, [
      lessonsOf.get(0) ?? 0,
      o.modulesPerCourse * o.lessonsPerModule,
    ]);
    // done: lessons completed; a part-way enrolment has one more lesson started; last_at: its last activity
    // (a tenth of the learners idle for 15-60 days, the rest active within the last fortnight).
    await db.query(
      `UPDATE scale_enrolments SET
         done = CASE WHEN r < 0.70 THEN lessons WHEN r < 0.92 THEN floor(r2 * (lessons - 1))::int ELSE 0 END,
         last_at = least(now(), CASE WHEN n % 10 = 3 THEN now() - interval '15 days' - (r2 * interval '45 days')
                                     ELSE now() - (r2 * interval '13 days') END)`,
    );
    await db.query(`UPDATE scale_enrolments SET last_at = greatest(last_at, enrolled_at + interval '1 hour')`);
    await db.query(
      `INSERT INTO enrolments (id, user_id, course_id, course_version_id, enrolled_at, due_at, updated_at)
       SELECT id, user_id, course_id, version_id, enrolled_at, due_at, last_at FROM scale_enrolments`,
    );
    step('enrolments');

    // Lesson progress: lessons 1..done complete, lesson done + 1 started (part-way), spread
    // evenly from the enrolment to its last activity.
    await db.query(`SET LOCAL session_replication_role = replica`);
    const progressIndexes = await indexesOf(db, 'lesson_progress');
    for (const i of progressIndexes) await db.query(i.drop);
    await db.query(
      `INSERT INTO lesson_progress (enrolment_id, lesson_id, started_at, completed_at, time_spent_seconds, position, updated_at)
       SELECT e.id, l.lesson_id,
              e.enrolled_at + (e.last_at - e.enrolled_at) * ((l.ord - 1)::float8 / greatest(e.done + 1, 1)),
              CASE WHEN l.ord <= e.done THEN e.enrolled_at + (e.last_at - e.enrolled_at) * (l.ord::float8 / greatest(e.done + 1, 1)) END,
              CASE WHEN l.ord <= e.done THEN 240 + (l.ord * 37 + e.n) % 600 ELSE 60 END,
              CASE WHEN l.ord <= e.done THEN 1 ELSE 0.4 END,
              CASE WHEN l.ord <= e.done THEN e.enrolled_at + (e.last_at - e.enrolled_at) * (l.ord::float8 / greatest(e.done + 1, 1)) ELSE e.last_at END
         FROM scale_enrolments e JOIN scale_lessons l ON l.k = e.k AND l.ord <= least(e.done + CASE WHEN e.done < e.lessons AND e.r < 0.92 THEN 1 ELSE 0 END, e.lessons)`,
    );
    step('lesson_progress rows');
    for (const i of progressIndexes) await db.query(i.create);
    step('lesson_progress indexes');

    // Completions of the complete enrolments: completed at the last activity; expiring 12 months on
    // (foundations: no validity). Completed more than a year ago: expired; 11-12 months: expiring soon.
    await db.query(
      `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, completed_at, final_score, time_spent_seconds, expires_at)
       SELECT id, user_id, course_id, version_id, last_at, 70 + floor(r2 * 30), lessons * 420,
              CASE WHEN k > 0 THEN last_at + interval '12 months' END
         FROM scale_enrolments WHERE done = lessons`,
    );
    // A twentieth of the complete enrolments of the early courses were completed 11-13 months ago
    // (so some expired, some expire within 30 days): move their completion back.
    await db.query(
      `UPDATE course_completions cc SET completed_at = now() - interval '11 months' - (e.r2 * interval '60 days'),
              expires_at = now() - interval '11 months' - (e.r2 * interval '60 days') + interval '12 months'
         FROM scale_enrolments e
        WHERE cc.enrolment_id = e.id AND e.k BETWEEN 1 AND 3 AND e.n % 20 = 7`,
    );
    step('course_completions');

    // Quizzes of foundations: an attempt per learner who reached the module's last lesson, a
    // second (passing) attempt for some; a fiftieth of the learners failed twice on the first quiz.
    await db.query(
      `CREATE TEMP TABLE scale_quizzes ON COMMIT DROP AS
       SELECT q.id AS quiz_id, q.module_id, (SELECT max(ord) FROM scale_lessons l WHERE l.k = 0 AND l.module_id = q.module_id) AS last_ord,
              row_number() OVER (ORDER BY q.module_id) AS qn,
              (SELECT count(*) FROM quiz_slots s WHERE s.quiz_id = q.id)::int AS slots
         FROM quizzes q WHERE q.course_id IS NULL AND q.module_id IN (SELECT module_id FROM scale_lessons WHERE k = 0)`,
    );
    await db.query(
      `CREATE TEMP TABLE scale_attempts ON COMMIT DROP AS
       SELECT e.user_id, q.quiz_id, q.module_id, gen.number, greatest(q.slots, 1) AS max_score,
              CASE WHEN e.n % 50 = 11 AND q.qn = 1 THEN 40 + gen.number * 5
                   WHEN gen.number = 1 AND e.n % 4 = 1 THEN 50 ELSE 80 + (e.n % 20) END AS percent,
              e.last_at - (3 - gen.number) * interval '1 hour' AS submitted_at
         FROM scale_enrolments e JOIN scale_quizzes q ON e.k = 0 AND e.done >= q.last_ord
         CROSS JOIN LATERAL generate_series(1, CASE WHEN e.n % 50 = 11 AND q.qn = 1 OR e.n % 4 = 1 THEN 2 ELSE 1 END) gen(number)`,
    );
    await db.query(
      `INSERT INTO quiz_attempts (quiz_id, user_id, number, status, started_at, submitted_at, score, max_score, percent, passed)
       SELECT quiz_id, user_id, number, 'submitted', submitted_at - interval '10 minutes', submitted_at, max_score * percent / 100.0, max_score, percent, percent >= 70
         FROM scale_attempts`,
    );
    await db.query(
      `INSERT INTO quiz_grades (user_id, quiz_id, module_id, percent, passed, attempts_used, last_submitted_at, updated_at)
       SELECT user_id, quiz_id, module_id, max(percent), bool_or(percent >= 70), count(*), max(submitted_at), max(submitted_at)
         FROM scale_attempts GROUP BY user_id, quiz_id, module_id`,
    );
    step('quiz attempts and grades');

    // Learning statements: registered per enrolment, completed per completion.
    const statementIndexes = await indexesOf(db, 'learning_statements');
    for (const i of statementIndexes) await db.query(i.drop);
    await db.query(
      `INSERT INTO learning_statements (id, user_id, organisation_id, course_id, course_version_id, registration, verb_id, object_id, timestamp, stored, statement)
       SELECT s.id, s.user_id, $1::uuid, s.course_id, s.version_id, s.enrolment_id, s.verb, s.object_id, s.at, s.at,
              jsonb_build_object('id', s.id, 'actor', jsonb_build_object('objectType', 'Agent', 'account', jsonb_build_object('homePage', 'https://bench.invalid', 'name', s.user_id)),
                'verb', jsonb_build_object('id', s.verb), 'object', jsonb_build_object('objectType', 'Activity', 'id', s.object_id),
                'context', jsonb_build_object('registration', s.enrolment_id), 'timestamp', s.at, 'stored', s.at, 'version', '1.0.3')
         FROM (SELECT gen_random_uuid() AS id, e.user_id, e.course_id, e.version_id, e.id AS enrolment_id,
                      'http://adlnet.gov/expapi/verbs/registered' AS verb, 'https://bench.invalid/courses/' || e.course_id AS object_id, e.enrolled_at AS at
                 FROM scale_enrolments e
               UNION ALL
               SELECT gen_random_uuid(), cc.user_id, cc.course_id, cc.course_version_id, cc.enrolment_id,
                      'http://adlnet.gov/expapi/verbs/completed', 'https://bench.invalid/courses/' || cc.course_id, cc.completed_at
                 FROM course_completions cc JOIN scale_enrolments e ON e.id = cc.enrolment_id) s`,
      [orgId],
    );
    for (const i of statementIndexes) await db.query(i.create);
    step('learning_statements');

    // Cohorts (the cohorts module's tables, when they exist: issue #12's cohorts-api).
    if (await exists(db, 'cohorts')) {
      await seedCohorts(db, orgId, o);
      step('cohorts');
    } else {
      o.log('  cohorts: the cohorts tables do not exist in this schema; skipped');
    }
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
  mark = Date.now();
  // VACUUM as well: the visibility map lets the reports' per-enrolment counts be index-only scans,
  // as autovacuum keeps it for the settled rows of a real database.
  await db.query(`VACUUM (ANALYZE)`);
  step('vacuum analyze');

  const counts: Record<string, number> = {};
  for (const t of ['users', 'enrolments', 'lesson_progress', 'course_completions', 'quiz_attempts', 'quiz_grades', 'learning_statements']) {
    counts[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n);
  }
  if (await exists(db, 'cohorts')) {
    for (const t of ['cohorts', 'cohort_members', 'cohort_trainers', 'cohort_assignments']) {
      if (await exists(db, t)) counts[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n);
    }
  }
  return {
    organisationId: (await db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [SCALE_ORG_SLUG])).rows[0]!.id,
    adminEmail: 'bench-scale-admin@bench.invalid',
    trainerEmails: Array.from({ length: o.cohorts }, (_, i) => `bench-scale-trainer-${i + 1}@bench.invalid`),
    learnerEmail: (n) => `bench-scale-${n}@bench.invalid`,
    counts,
    seconds,
  };
}

/**
 * Cohort 1 "All staff" (every learner; foundations and bench course 1) and the departments
 * (cohorts 2..n, learner n in department 2 + n mod (cohorts - 1); bench courses 2..courses), one
 * trainer each (trainer n on cohort n; trainer 1 also on Department 1), assignments with the enrolments' due dates.
 */
async function seedCohorts(db: pg.ClientBase, orgId: string, o: ScaleOptions): Promise<void> {
  await db.query(
    `INSERT INTO cohorts (organisation_id, name, description, created_at)
     SELECT $1, CASE WHEN c = 1 THEN 'All staff' ELSE 'Department ' || (c - 1) END, 'Scale bench cohort ' || c, now() - interval '400 days' + c * interval '1 minute'
       FROM generate_series(1, $2::int) c`,
    [orgId, o.cohorts],
  );
  await db.query(
    `CREATE TEMP TABLE scale_cohorts ON COMMIT DROP AS
     SELECT id, substring(description FROM '\\d+$')::int AS c FROM cohorts WHERE organisation_id = $1`,
    [orgId],
  );
  await db.query(
    `INSERT INTO cohort_members (cohort_id, user_id, added_at, activated_at)
     SELECT sc.id, sl.user_id, now() - interval '400 days', now() - interval '400 days'
       FROM scale_learners sl JOIN scale_cohorts sc ON sc.c = 1 OR sc.c = 2 + sl.n % ($1::int - 1)`,
    [o.cohorts],
  );
  await db.query(
    `INSERT INTO cohort_trainers (cohort_id, user_id)
     SELECT sc.id, u.id FROM scale_cohorts sc JOIN users u ON u.email = 'bench-scale-trainer-' || sc.c || '@bench.invalid'
     UNION ALL
     SELECT sc.id, u.id FROM scale_cohorts sc JOIN users u ON u.email = 'bench-scale-trainer-1@bench.invalid' WHERE sc.c = 2`,
  );
  await db.query(
    `INSERT INTO cohort_assignments (cohort_id, course_id, starts_at, due_at, created_at)
     SELECT sc.id, co.course_id, now() - interval '400 days',
            CASE WHEN co.k = 0 THEN now() - interval '40 days' ELSE now() + (co.k - 5) * interval '12 days' END, now() - interval '400 days'
       FROM scale_cohorts sc JOIN scale_courses co ON (sc.c = 1 AND co.k <= 1) OR (sc.c > 1 AND co.k >= 2)`,
  );
}
