/**
 * The raw baseline for GET /api/health: the same work (one `SELECT 1` on PostgreSQL, one PING
 * on Redis, the same JSON) with plain node:http, pg and ioredis, and nothing else.
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX || 10) });
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const port = Number(process.env.PORT);

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- every await is inside the try
createServer(async (req, res) => {
  if (req.method !== 'GET' || req.url !== '/api/health') {
    res.writeHead(404).end();
    return;
  }
  try {
    const [, pong] = await Promise.all([pool.query('SELECT 1'), redis.ping()]);
    const body = JSON.stringify({ status: 'ok', database: 'up', queue: pong === 'PONG' ? 'up' : 'down' });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  } catch {
    res.writeHead(503).end();
  }
}).listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));

process.on('SIGTERM', () => {
  void pool.end();
  redis.disconnect();
  process.exit(0);
});
