// The health module's face (API only). Nothing else in this folder is imported from outside it.
export { HealthModule } from './health.module.js';
