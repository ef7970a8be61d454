import { SystemPing } from './system-ping.entity.js';

export { SystemPing };
/** Every entity of the system module, for TypeOrmModule.forFeature and the data source. */
export const SYSTEM_ENTITIES = [SystemPing];
