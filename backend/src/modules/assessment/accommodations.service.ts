import { Injectable } from '@nestjs/common';
import { assertOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AccommodationDto, AccommodationListDto, SetAccommodationDto } from './assessment.dto.js';
import { AccommodationsRepository, type AccommodationRow } from './accommodations.repository.js';

const toDto = (r: AccommodationRow): AccommodationDto => ({
  userId: r.userId,
  organisationId: r.organisationId,
  extraTimePercent: r.extraTimePercent,
  note: r.note,
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Extra time on timed quizzes, set for a learner by the trainers and org admins of an
 * organisation the learner belongs to (the route's rule checks the caller's role; this checks the
 * learner is a member: anyone else is answered 404, like an unknown person).
 */
@Injectable()
export class AccommodationsService {
  constructor(
    private readonly repository: AccommodationsRepository,
    private readonly memberships: MembershipReader,
  ) {}

  private async assertCaller(actor: Actor, organisationId: string): Promise<void> {
    // The route's @OrgMember('trainer') already refused others; checked again so the service is safe on its own.
    if (!actor.isPlatformAdmin) assertOrgRole(await this.memberships.roleOf(actor.userId, organisationId), 'trainer');
  }

  private async assertLearner(organisationId: string, userId: string): Promise<void> {
    if (!(await this.memberships.roleOf(userId, organisationId))) throw DomainError.notFound('Member');
  }

  async setAccommodation(actor: Actor, organisationId: string, userId: string, dto: SetAccommodationDto): Promise<AccommodationDto> {
    await this.assertCaller(actor, organisationId);
    await this.assertLearner(organisationId, userId);
    return toDto(await this.repository.upsert({ userId, organisationId, extraTimePercent: dto.extraTimePercent, note: dto.note ?? null, setBy: actor.userId }));
  }

  async removeAccommodation(actor: Actor, organisationId: string, userId: string): Promise<void> {
    await this.assertCaller(actor, organisationId);
    if (!(await this.repository.remove(userId, organisationId))) throw DomainError.notFound('Accommodation');
  }

  async listAccommodations(actor: Actor, organisationId: string): Promise<AccommodationListDto> {
    await this.assertCaller(actor, organisationId);
    return { items: (await this.repository.listForOrganisation(organisationId)).map(toDto) };
  }
}
