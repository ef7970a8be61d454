import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../../config/config.js';
import { currentRequestId } from './request-context.js';

export type ProcessRole = 'api' | 'worker' | 'cli';

/**
 * One JSON logger per process. Every line carries the process role and, inside a request or a
 * job, the request id (from AsyncLocalStorage), so one id finds everything a request did.
 * Nest's own messages reach it through nestjs-pino (LoggingModule). `destination` defaults to
 * stdout; tests pass a stream they read.
 */
export function createLogger(role: ProcessRole, level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { role, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
