import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';

/** The columns of a new event, as TypeORM's insert takes them. */
export type NewAuditEvent = Parameters<Repository<AuditEvent>['insert']>[0];

/** The audit module's queries: append an event, and read a page of them. Nothing updates or deletes. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async insert(event: NewAuditEvent): Promise<void> {
    await this.events.insert(event);
  }

  /**
   * Newest first, with the actor's display name; `limit` rows after the (occurredAt, id) key,
   * compared at millisecond precision, the precision a cursor carries (stored times have
   * microseconds, which would make rows at a page boundary vanish).
   */
  list(scope: { organisationId?: string; actorUserId?: string }, after: { at: string; id: string } | null, limit: number): Promise<AuditEvent[]> {
    const at = `date_trunc('milliseconds', e.occurred_at)`;
    const qb = this.events
      .createQueryBuilder('e')
      .leftJoin('e.actor', 'a')
      .select(['e', 'a.displayName'])
      .orderBy(at, 'DESC')
      .addOrderBy('e.id', 'DESC')
      // limit, not take: the join is many-to-one, and take's DISTINCT rewrite drops the raw ORDER BY.
      .limit(limit);
    if (scope.organisationId) qb.andWhere('e.organisationId = :org', { org: scope.organisationId });
    if (scope.actorUserId) qb.andWhere('e.actorUserId = :actor', { actor: scope.actorUserId });
    if (after) qb.andWhere(`(${at}, e.id) < (:at::timestamptz, :id::uuid)`, { at: after.at, id: after.id });
    return qb.getMany();
  }
}
