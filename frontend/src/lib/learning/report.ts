const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a report may hold, checked before it costs the API a request; the API checks it again
 * and caps the time. Returns the reason it is not one, or null.
 */
export function reportProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Send a JSON object.';
  const body = value as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!['intervalId', 'visibleSeconds', 'position', 'completed'].includes(key)) return `${key} is not part of a progress report.`;
  }
  if (body.intervalId !== undefined && (typeof body.intervalId !== 'string' || !UUID.test(body.intervalId))) return 'intervalId must be a UUID.';
  if (
    body.visibleSeconds !== undefined &&
    !(Number.isInteger(body.visibleSeconds) && (body.visibleSeconds as number) >= 0 && (body.visibleSeconds as number) <= 3600)
  ) {
    return 'visibleSeconds must be a whole number from 0 to 3600.';
  }
  if ((body.visibleSeconds === undefined) !== (body.intervalId === undefined)) return 'intervalId and visibleSeconds go together.';
  if (body.position !== undefined && !(typeof body.position === 'number' && body.position >= 0 && body.position <= 1))
    return 'position must be a number from 0 to 1.';
  if (body.completed !== undefined && body.completed !== true) return 'completed can only be true.';
  if (Object.keys(body).length === 0) return 'Nothing to record.';
  return null;
}
