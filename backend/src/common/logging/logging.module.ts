import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { ProcessRole } from './logger.js';

export const LOGGER = Symbol('LOGGER');
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

/**
 * The process's pino logger for our own code (LOGGER), and nestjs-pino on the same logger for
 * Nest's messages (`app.useLogger(app.get(Logger))`). In the API the access log is the pino-http
 * instance app.ts mounts first (common/http/http-logging.ts); `useExisting` makes nestjs-pino
 * use its per-request logger instead of mounting a second one after the body parsers.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger, role: ProcessRole): DynamicModule {
    const nestLogger = LoggerModule.forRoot(role === 'api' ? { pinoHttp: { logger }, useExisting: true } : { pinoHttp: { logger } });
    return {
      module: LoggingModule,
      imports: [nestLogger],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: PROCESS_ROLE, useValue: role },
      ],
      exports: [LOGGER, PROCESS_ROLE, nestLogger],
    };
  }
}
