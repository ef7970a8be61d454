import { SystemPing } from '../../modules/system/system-ping.entity.js';

/**
 * Every entity, listed explicitly (no globs: they break under ESM and bundling). A feature
 * module adds its entities here and registers them with TypeOrmModule.forFeature.
 */
export const entities = [SystemPing];
