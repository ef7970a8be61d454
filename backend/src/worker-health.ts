/**
 * The worker's health check, for orchestrators (compose: `node backend/dist/worker-health.js`):
 * asks the worker of this container on loopback (WORKER_HEALTH_PORT, default 3002) and exits 0
 * when it consumes and reaches Redis and PostgreSQL, 1 otherwise (also when it does not answer
 * within 3 s: stopped or hung). Prints what the worker reported.
 */
const port = Number(process.env.WORKER_HEALTH_PORT || 3002);
const timeoutMs = 3_000;

try {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`WORKER_HEALTH_PORT must be 1-65535 (0 turns the check off), got ${process.env.WORKER_HEALTH_PORT}`);
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  process.stdout.write(`${body}\n`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  process.stdout.write(`worker unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
