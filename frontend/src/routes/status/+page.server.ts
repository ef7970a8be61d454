import type { PageServerLoad } from './$types';
import { createApiClient } from '#lib/server/api.js';
import { parseHealth, type HealthReport } from './health';

// The page must render even when the API is down: that is exactly when people look at it.
export const load: PageServerLoad = async ({ fetch, locals }) => {
  try {
    const api = createApiClient(fetch, { requestId: locals.requestId });
    const { data, error, response } = await api.GET('/api/health');
    // 200 puts the states in `data`; 503 puts them (under `details`) in `error`.
    const health: HealthReport = parseHealth(data ?? error ?? null, response.status);
    return { reachable: true as const, health };
  } catch {
    return { reachable: false as const, health: null };
  }
};
