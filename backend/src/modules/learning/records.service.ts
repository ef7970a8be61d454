import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { assertOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeKeyset, encodeCursor, isCursorTimestamp } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/index.js';
import {
  MY_RECORDS_PAGE,
  ORGANISATION_EXPORT_PAGE,
  type MyRecordsDownloadQueryDto,
  type MyRecordsQueryDto,
  type OrganisationRecordsQueryDto,
  type StatementResultDto,
  type XapiStatementDto,
} from './records.dto.js';
import { StatementsRepository, type Keyset, type StatementRange, type StoredStatementRow } from './statements.repository.js';

/** Rows read from the database per query while streaming: memory stays at one batch, whatever the range. */
export const STREAM_BATCH = 500;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of an accepted instant, for comparing since with until (Date.parse wants a T and a ±HH:MM zone). */
const millis = (text: string) => Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));

/** A since/until value: an ISO 8601 instant with a zone, or a date (its midnight UTC); else 400 naming the field. */
export function parseInstant(value: string | undefined, field: 'since' | 'until'): string | null {
  if (value === undefined || value === '') return null;
  const text = DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value;
  if (!isCursorTimestamp(text) || Number.isNaN(millis(text))) {
    throw DomainError.validation([
      { field, reasons: [`${field} must be an ISO 8601 date-time with a time zone (e.g. 2026-01-31T09:00:00Z) or a date (2026-01-31)`] },
    ]);
  }
  return text;
}

/** since and until, checked: since must be before until. No maximum span: every answer is a bounded page. */
export function parseRange(query: { since?: string; until?: string }): StatementRange {
  const since = parseInstant(query.since, 'since');
  const until = parseInstant(query.until, 'until');
  if (since && until && millis(since) >= millis(until)) {
    throw DomainError.validation([{ field: 'until', reasons: ['until must be later than since'] }]);
  }
  return { since, until };
}

function parseKeyset(cursor: string | undefined): Keyset {
  const key = decodeKeyset(cursor, ['timestamp', 'uuid']);
  return key ? { stored: key[0], id: key[1] } : null;
}

const keyOf = (row: StoredStatementRow): Keyset => ({ stored: row.storedKey, id: row.id });

/** xAPI's `more`: the relative URL of the next page, the same filters with the cursor after `last`. */
function moreLink(path: string, query: { since?: string; until?: string; limit?: number }, last: StoredStatementRow): string {
  const params = new URLSearchParams();
  if (query.since) params.set('since', query.since);
  if (query.until) params.set('until', query.until);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  params.set('cursor', encodeCursor([last.storedKey, last.id]));
  return `${path}?${params.toString()}`;
}

/**
 * A StatementResult written as rows arrive: `{"statements":[`, then each batch of stored JSON
 * texts as read (never parsed, never all held), then `],"more":"…"}`. The first batch is read
 * before the stream is handed over, so a failing query is still an ordinary error answer; one
 * failing later cuts the body short (the client sees invalid JSON, never a silently short list).
 */
export async function statementStream(
  fetch: (after: Keyset, count: number) => Promise<StoredStatementRow[]>,
  start: Keyset,
  limit: number,
  moreOf: (last: StoredStatementRow) => string,
): Promise<Readable> {
  const ask = (sent: number) => Math.min(STREAM_BATCH, limit - sent + 1);
  let asked = ask(0);
  let rows = await fetch(start, asked);
  async function* body(): AsyncGenerator<string> {
    yield '{"statements":[';
    let sent = 0;
    let last: StoredStatementRow | undefined;
    for (;;) {
      const room = limit - sent;
      const take = rows.length > room ? rows.slice(0, room) : rows;
      if (take.length) {
        yield (sent ? ',' : '') + take.map((r) => r.json).join(',');
        sent += take.length;
        last = take[take.length - 1];
      }
      if (rows.length > room && last) {
        yield `],"more":${JSON.stringify(moreOf(last))}}`;
        return;
      }
      if (rows.length < asked || !last) break;
      asked = ask(sent);
      rows = await fetch(keyOf(last), asked);
    }
    yield '],"more":""}';
  }
  return Readable.from(body(), { objectMode: false });
}

/**
 * Reading learning records: a learner's own (page, or all as a download), and an organisation's
 * export for its org admins and platform admins. Nobody reads another person's records except
 * through their organisation's export, and only records made in that organisation's context.
 */
@Injectable()
export class RecordsService {
  constructor(
    private readonly repository: StatementsRepository,
    @Inject(MembershipReader) private readonly memberships: MembershipReader,
    private readonly audit: AuditService,
  ) {}

  /** The caller's own statements, newest first (by stored), one page. */
  async listMine(actor: Actor, query: MyRecordsQueryDto): Promise<StatementResultDto> {
    const range = parseRange(query);
    const after = parseKeyset(query.cursor);
    const limit = query.limit ?? MY_RECORDS_PAGE.default;
    const rows = await this.repository.pageOfUser(actor.userId, range, after, limit + 1, false);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      statements: page.map((r) => JSON.parse(r.json) as XapiStatementDto),
      more: rows.length > limit && last ? moreLink('/api/me/records', query, last) : '',
    };
  }

  /** All of the caller's statements in the range, oldest first, streamed (more is always empty). */
  downloadMine(actor: Actor, query: MyRecordsDownloadQueryDto): Promise<Readable> {
    const range = parseRange(query);
    return statementStream(
      (after, count) => this.repository.pageOfUser(actor.userId, range, after, count, true),
      null,
      Number.POSITIVE_INFINITY,
      () => '',
    );
  }

  /**
   * An organisation's statements (those made in its context: its tailored courses) in the range,
   * oldest first, one page of up to `limit`, streamed. Org admins of that organisation and platform
   * admins only; the access guard has checked the role already, this checks again.
   */
  async exportForOrganisation(actor: Actor, organisationId: string, query: OrganisationRecordsQueryDto, meta: RequestMeta): Promise<Readable> {
    if (actor.isPlatformAdmin) {
      if (!(await this.memberships.organisationExists(organisationId))) throw DomainError.notFound('Organisation');
    } else {
      assertOrgRole(await this.memberships.roleOf(actor.userId, organisationId), 'org_admin');
    }
    const range = parseRange(query);
    const after = parseKeyset(query.cursor);
    const limit = query.limit ?? ORGANISATION_EXPORT_PAGE.default;
    const stream = await statementStream(
      (from, count) => this.repository.pageOfOrganisation(organisationId, range, from, count),
      after,
      limit,
      (last) => moreLink(`/api/organisations/${organisationId}/records`, query, last),
    );
    await this.audit.record(
      {
        action: 'organisation.learning_records_exported',
        actorUserId: actor.userId,
        organisationId,
        targetType: 'organisation',
        targetId: organisationId,
        metadata: { since: range.since, until: range.until, limit, continued: after !== null },
      },
      meta,
    );
    return stream;
  }
}
