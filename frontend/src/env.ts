import { defineEnvVars } from '@sveltejs/kit/env';

/** Unset or empty means "not configured": the code using the variable picks its default. */
const optional = (value: string | undefined) => value || undefined;

/**
 * The web server's environment, read when it starts (SvelteKit 3 serves these through
 * `$app/env/private`; none of them reaches the browser). docs/operations.md lists them.
 */
export const variables = defineEnvVars({
  API_INTERNAL_URL: { schema: optional, description: 'Where the web server reaches the API (default http://127.0.0.1:3001).' },
  ORIGIN: { schema: optional, description: 'The public origin (adapter-node reads it too); when set, url.protocol can be trusted.' },
  PROTOCOL_HEADER: { schema: optional, description: 'Header a TLS proxy sets to the original protocol (adapter-node reads it too).' },
  NODE_ENV: { schema: optional, description: "'production' hides the development mailbox link." }
});
