import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { LocalDirectoryStorage, StorageAdapter } from './storage.js';

@Global()
@Module({})
export class StorageModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: StorageAdapter, useFactory: () => new LocalDirectoryStorage(config.storage.uploadDir) }],
      exports: [StorageAdapter],
    };
  }
}
