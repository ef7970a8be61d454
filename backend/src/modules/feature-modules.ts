import { SystemModule } from './system/system.module.js';

/**
 * Feature modules loaded by both the API and the worker: the worker needs their job handlers,
 * the API their controllers. API-only modules (health) are added in api.module.ts.
 */
export const FEATURE_MODULES = [SystemModule];
