import { CreateSystemPings1764300000000 } from './1764300000000-create-system-pings.js';
import { CreateIdentityAndOrganisations1764400000000 } from './1764400000000-create-identity-and-organisations.js';
import { CreateCatalogue1764500000000 } from './1764500000000-create-catalogue.js';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const migrations = [
  CreateSystemPings1764300000000,
  CreateIdentityAndOrganisations1764400000000,
  CreateCatalogue1764500000000,
];
