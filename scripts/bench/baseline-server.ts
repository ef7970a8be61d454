/**
 * The raw baseline: plain node:http + pg (+ ioredis for health, + argon2 for sign-in) doing the
 * same work as the API for each benched request, and nothing else. The work is read from
 * BENCH_ROUTES (a JSON file written by run.ts): for each "METHOD /path?query", the exact SQL
 * statements (text and parameters) the API sent for that request, recorded by the API's SQL
 * probe, replayed in order on one pooled connection; then the API's recorded answer (status,
 * content type, body) is sent.
 */
import { verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import pg from 'pg';
import { LearningReplay, type RecordedLearning } from './learning.js';
import { CycleReplay, verifyAccessToken, type RecordedCycle } from './quiz.js';
import { replayQuery, type BaselineRoute } from './sql-replay.js';

const routes = new Map<string, BaselineRoute>(Object.entries(JSON.parse(readFileSync(process.env.BENCH_ROUTES!, 'utf8')) as Record<string, BaselineRoute>));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX || 10) });
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const port = Number(process.env.PORT);
// The quiz cycle (start, save, submit) for any learner and attempt: quiz.ts.
const quiz = process.env.BENCH_QUIZ ? new CycleReplay(JSON.parse(readFileSync(process.env.BENCH_QUIZ, 'utf8')) as RecordedCycle) : null;
// Lesson progress and the learner's dashboard for any enrolled bench learner: learning.ts.
const learning = process.env.BENCH_LEARNING ? new LearningReplay(JSON.parse(readFileSync(process.env.BENCH_LEARNING, 'utf8')) as RecordedLearning) : null;

async function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/**
 * In a replay that writes, a SHA-256 hex parameter (a refresh token's or a device's hash) gets a
 * fresh random value per request: the recorded one exists already (unique key), and 20
 * concurrent replays of one key would wait on each other's row lock, which the API never does.
 */
const SHA256_HEX = /^[0-9a-f]{64}$/;
const fresh = (param: unknown) => (typeof param === 'string' && SHA256_HEX.test(param) ? randomBytes(32).toString('hex') : param);

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- every await is inside the try
createServer(async (req, res) => {
  if (req.url === '/__ready') {
    res.writeHead(204).end();
    return;
  }
  const quizRoute = quiz && CycleReplay.route(req.method ?? 'GET', req.url ?? '');
  const learningRoute = learning && LearningReplay.route(req.method ?? 'GET', req.url ?? '');
  if ((quiz && quizRoute) || (learning && learningRoute)) {
    try {
      const body = await readBody(req);
      const who = verifyAccessToken(process.env.JWT_SECRET!, (req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!who) {
        res.writeHead(401).end();
        return;
      }
      const client = await pool.connect();
      try {
        const answer = quizRoute
          ? await quiz!.run(client, quizRoute.step, who.userId, who.sessionId, quizRoute.attemptId)
          : await learning!.run(client, learningRoute!.step, who.userId, who.sessionId, learningRoute!.lessonId, body);
        client.release();
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) }).end(answer.body);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(true);
        throw err;
      }
    } catch (err) {
      process.stderr.write(`baseline: ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}\n`);
      res.writeHead(500).end();
    }
    return;
  }
  const route = routes.get(`${req.method} ${req.url}`);
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  try {
    if (route.argon2) {
      // The same check the API makes: parse the JSON body, verify the password against the hash.
      const { password } = JSON.parse(await readBody(req)) as { password: string };
      if (!(await verify(route.argon2.hash, password))) throw new Error('wrong password');
    }
    const client = await pool.connect();
    try {
      const work: Promise<unknown>[] = [];
      if (route.redisPing) work.push(redis.ping());
      // Statements that write are replayed inside a transaction that is rolled back, so the
      // replay can repeat them (unique keys) and leaves the database as it was.
      if (route.rollback) await client.query('BEGIN');
      for (const s of route.statements) await replayQuery(client, s.sql, route.rollback ? s.params.map(fresh) : s.params);
      if (route.rollback) await client.query('ROLLBACK');
      await Promise.all(work);
      client.release();
    } catch (err) {
      // Never hand a connection in an aborted transaction back to the pool.
      client.release(true);
      throw err;
    }
    res.writeHead(route.status, { 'content-type': route.contentType, 'content-length': Buffer.byteLength(route.body) }).end(route.body);
  } catch (err) {
    process.stderr.write(`baseline: ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}\n`);
    res.writeHead(500).end();
  }
}).listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));

process.on('SIGTERM', () => {
  void pool.end();
  redis.disconnect();
  process.exit(0);
});
