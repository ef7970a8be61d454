/**
 * Turns whatever `GET /api/health` answered (a 200 body or a 503 error body)
 * into one plain shape the status page can render. Kept free of SvelteKit and
 * of the generated API types so it works before and after the schema changes.
 */

export type ComponentState = 'up' | 'down' | 'inline' | 'unknown';

export interface HealthComponent {
  name: string;
  state: ComponentState;
}

export interface HealthReport {
  /** `true` only when the API said so with a 2xx and status "ok". */
  operational: boolean;
  httpStatus: number;
  components: HealthComponent[];
  message?: string;
  requestId?: string;
}

const KNOWN_STATES: readonly ComponentState[] = ['up', 'down', 'inline'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toState(value: unknown): ComponentState {
  return KNOWN_STATES.includes(value as ComponentState) ? (value as ComponentState) : 'unknown';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function parseHealth(body: unknown, httpStatus: number): HealthReport {
  const root = isRecord(body) ? body : {};
  // A 503 nests the component states under `details`; a 200 has them at the top level.
  const states = isRecord(root.details) ? root.details : root;

  return {
    operational: httpStatus >= 200 && httpStatus < 300 && root.status === 'ok',
    httpStatus,
    components: [
      { name: 'Database', state: toState(states.database) },
      { name: 'Job queue', state: toState(states.queue) }
    ],
    message: optionalString(root.message),
    requestId: optionalString(root.requestId)
  };
}

const STATE_LABELS: Record<ComponentState, string> = {
  up: 'Operational',
  inline: 'Running in-process (no Redis)',
  down: 'Unavailable',
  unknown: 'Unknown'
};

export function describeState(state: ComponentState): string {
  return STATE_LABELS[state];
}
