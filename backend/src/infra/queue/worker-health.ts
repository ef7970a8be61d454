import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withTimeout } from '../../common/async/with-timeout.js';

/** Each dependency must answer within this, or it counts as down. */
const PROBE_TIMEOUT_MS = 1_000;

export interface WorkerHealthChecks {
  /** The consumer takes jobs (false once shutdown began). */
  consuming: () => boolean;
  /** `SELECT 1` through the worker's own pool. */
  database: () => Promise<unknown>;
}

export interface WorkerHealthReport {
  status: 'ok' | 'down';
  consuming: boolean;
  redis: 'up' | 'down';
  database: 'up' | 'down';
}

/**
 * The worker's health, answered on loopback only (GET /health: 200 or 503 with what is down):
 * it consumes, Redis answers a PING and PostgreSQL a query, each within a second. The worker
 * serves nothing else; `dist/worker-health.js` (compose's healthcheck) asks it. A stopped or
 * hung worker does not answer at all, which the check counts as unhealthy too.
 */
export class WorkerHealthServer {
  private server?: Server;
  private readonly probe: Redis;

  constructor(
    redisUrl: string,
    private readonly checks: WorkerHealthChecks,
    private readonly logger: Logger,
  ) {
    this.probe = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectionName: 'htmse-worker-health' });
    this.probe.on('error', () => undefined); // reported by report(); ioredis reconnects on its own
  }

  async report(): Promise<WorkerHealthReport> {
    const up = async (probe: () => Promise<unknown>) => {
      try {
        await withTimeout(probe(), PROBE_TIMEOUT_MS);
        return 'up' as const;
      } catch {
        return 'down' as const;
      }
    };
    const [redis, database] = await Promise.all([up(() => this.probe.ping()), up(this.checks.database)]);
    const consuming = this.checks.consuming();
    return { status: consuming && redis === 'up' && database === 'up' ? 'ok' : 'down', consuming, redis, database };
  }

  /** Listens on host:port (port 0: any free port); answers the port. */
  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/health') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not found"}');
        return;
      }
      void this.report().then((report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(report));
      });
    });
    this.server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const bound = (this.server.address() as AddressInfo).port;
    this.logger.info({ host, port: bound }, 'worker health check listening');
    return bound;
  }

  async close(): Promise<void> {
    this.probe.disconnect();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
