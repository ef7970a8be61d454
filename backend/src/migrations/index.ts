import { CreateSystemPings1764300000000 } from './1764300000000-create-system-pings.js';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const migrations = [CreateSystemPings1764300000000];
