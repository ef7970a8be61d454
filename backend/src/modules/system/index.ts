// The system module's face. Nothing else in this folder is imported from outside it.
export { SystemModule } from './system.module.js';
export { CreatePingDto } from './system.dto.js';
export { SYSTEM_JOBS } from './system.jobs.js';
