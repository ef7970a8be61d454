/**
 * The cohort scenarios of `npm run bench` (issue #12, docs/performance.md#cohorts-at-scale), on the
 * scale data of `npm run bench:seed` (scale-seed.ts) seeded into the run's own database:
 *   - cohort-summary:  GET /api/cohorts/{All staff}/summary?assignmentId=  (10,000 members)
 *   - cohort-progress: GET /api/cohorts/{All staff}/progress?assignmentId=  (first page, by name)
 *   - cohort-progress-overdue: the same, filter=overdue (every member's state computed)
 *   - cohort-attention: GET /api/me/attention (the trainer of All staff and Department 1)
 * each against the raw baseline replaying the API's SQL (run.ts's ordinary scenarios), and
 *   - cohort-export: GET /api/cohorts/{All staff}/progress.csv (10,000 rows) and
 *     GET /api/organisations/{id}/compliance.csv (every person × assigned course), downloaded one
 *     at a time and several at once while the API process's resident memory (VmRSS) is sampled.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { mintLearners } from './quiz.js';
import { SCALE_DEFAULTS, seedScale, type ScaleSummary } from './scale-seed.js';

export const COHORT_SCENARIOS = ['cohort-summary', 'cohort-progress', 'cohort-progress-overdue', 'cohort-attention', 'cohort-export'] as const;

export interface CohortBench {
  token: string;
  adminToken: string;
  organisationId: string;
  cohortId: string;
  assignmentId: string;
  members: number;
  seed: ScaleSummary;
}

/** Seeds the scale data into the bench database and signs in trainer 1 (All staff, Department 1) and the org admin. */
export async function prepareCohorts(db: pg.Client, jwtSecret: string, log: (m: string) => void): Promise<CohortBench> {
  const started = Date.now();
  log('seeding the scale data (10,000 learners, ~5 million lesson_progress rows)…');
  const seed = await seedScale(db, { ...SCALE_DEFAULTS, passwordHash: null, log });
  log(`seeded in ${Math.round((Date.now() - started) / 1000)} s`);
  const [trainer] = await mintLearners(db, jwtSecret, 'bench-scale-trainer-1@bench.invalid', 1);
  const [admin] = await mintLearners(db, jwtSecret, 'bench-scale-admin@bench.invalid', 1);
  const { rows } = await db.query<{ cohort_id: string; assignment_id: string; members: number }>(
    `SELECT c.id AS cohort_id, a.id AS assignment_id, (SELECT count(*)::int FROM cohort_members m WHERE m.cohort_id = c.id) AS members
       FROM cohorts c JOIN cohort_assignments a ON a.cohort_id = c.id JOIN courses co ON co.id = a.course_id
      WHERE c.organisation_id = $1 AND c.name = 'All staff' AND co.slug = 'bench-scale-course-1'`,
    [seed.organisationId],
  );
  if (!rows.length) throw new Error('the scale seed made no "All staff" cohort (are the cohorts tables migrated?)');
  return {
    token: trainer!.token,
    adminToken: admin!.token,
    organisationId: seed.organisationId,
    cohortId: rows[0]!.cohort_id,
    assignmentId: rows[0]!.assignment_id,
    members: rows[0]!.members,
    seed,
  };
}

/** The request-per-second scenarios, as run.ts loads them (baseline, api, web). */
export function cohortRequests(
  c: CohortBench,
  duration: number,
): { name: string; path: string; headers: Record<string, string>; connections: number; duration: number }[] {
  const bearer = { authorization: `Bearer ${c.token}` };
  // A few trainers at once, each page taking up to a second or so on the 10,000-member cohort: 4
  // connections (the API's pool has 10) for at least 15 s, so that the run holds enough requests.
  const load = { connections: 4, duration: Math.max(duration, 15) };
  return (
    [
      { name: 'cohort-summary', path: `/api/cohorts/${c.cohortId}/summary?assignmentId=${c.assignmentId}`, headers: bearer },
      { name: 'cohort-progress', path: `/api/cohorts/${c.cohortId}/progress?assignmentId=${c.assignmentId}`, headers: bearer },
      { name: 'cohort-progress-overdue', path: `/api/cohorts/${c.cohortId}/progress?assignmentId=${c.assignmentId}&filter=overdue`, headers: bearer },
      { name: 'cohort-attention', path: `/api/me/attention`, headers: bearer },
    ] as const
  ).map((r) => ({ ...r, ...load }));
}

/** Resident memory of a process now, in MB (VmRSS), and its high-water mark (VmHWM). */
export function rssMb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

export interface ExportResult {
  what: string;
  parallel: number;
  downloads: number;
  rows: number;
  mb: number;
  seconds: number;
  rssBefore: number;
  rssPeak: number;
  failed: number;
}

/**
 * Downloads `path` `rounds` times, `parallel` at once, reading each body as a stream (counting
 * lines, keeping nothing), while VmRSS of the API process is sampled every 10 ms.
 */
export async function exportUnderWatch(
  origin: string,
  apiPid: number,
  what: string,
  path: string,
  token: string,
  parallel: number,
  rounds: number,
): Promise<ExportResult> {
  const rssBefore = rssMb(apiPid).rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(apiPid).rss);
  }, 10);
  let rows = 0;
  let bytes = 0;
  let failed = 0;
  const started = Date.now();
  try {
    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          const res = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
          if (!res.ok || !res.body) {
            failed++;
            await res.text();
            return;
          }
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            bytes += chunk.byteLength;
            for (const b of chunk) if (b === 10) rows++;
          }
        }),
      );
    }
  } finally {
    clearInterval(sampler);
  }
  const downloads = parallel * rounds;
  return {
    what,
    parallel,
    downloads,
    rows: Math.round(rows / downloads) - 1,
    mb: Math.round((bytes / downloads / 1024 / 1024) * 10) / 10,
    seconds: Math.round(((Date.now() - started) / 1000 / rounds) * 100) / 100,
    rssBefore,
    rssPeak,
    failed,
  };
}
