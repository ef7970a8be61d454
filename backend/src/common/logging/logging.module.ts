import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ProcessRole } from './logger.js';

export const LOGGER = Symbol('LOGGER');
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger, role: ProcessRole): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: PROCESS_ROLE, useValue: role },
      ],
      exports: [LOGGER, PROCESS_ROLE],
    };
  }
}
