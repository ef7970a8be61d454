import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeKeyset, toPage } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { OrganisationInvitations } from '../../common/ports/organisation-people.js';
import { AuditService } from '../audit/index.js';
import { AssignedEnrolments } from '../learning/index.js';
import { assertNotArchived, CohortAccess } from './cohort-access.js';
import type {
  AddedMemberDto,
  AddMemberDto,
  AssignmentDto,
  AssignmentListDto,
  CohortDto,
  CohortMemberDto,
  CohortMemberPageDto,
  CohortPageDto,
  CreateAssignmentDto,
  CreateCohortDto,
  CreatedAssignmentDto,
  ImportReportDto,
  LicenceDto,
  ListCohortsQueryDto,
  ListCohortMembersQueryDto,
  MyAssignmentListDto,
  UpdateAssignmentDto,
  UpdateCohortDto,
} from './cohorts.dto.js';
import { CohortsErrors } from './cohorts.errors.js';
import { CohortsRepository, type AssignmentRow, type CohortRow, type MemberRow, type NewMember } from './cohorts.repository.js';
import { csvLine } from './csv-cells.js';
import { ImportFileError, IMPORT_MAX_ROWS, parseImport } from './csv-import.js';

const DEFAULT_LIMIT = 20;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function toCohortDto(row: CohortRow): CohortDto {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    name: row.name,
    description: row.description,
    archivedAt: iso(row.archivedAt),
    memberCount: row.memberCount,
    trainerIds: row.trainerIds,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function toMemberDto(row: MemberRow): CohortMemberDto {
  return {
    id: row.id,
    userId: row.userId,
    email: row.email,
    name: row.name,
    externalId: row.externalId,
    pending: row.pending,
    addedAt: new Date(row.addedAt).toISOString(),
  };
}

export function toAssignmentDto(row: AssignmentRow): AssignmentDto {
  return {
    id: row.id,
    cohortId: row.cohortId,
    courseId: row.courseId,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    organisationCourse: row.organisationCourse,
    startsAt: iso(row.startsAt),
    dueAt: iso(row.dueAt),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

const nameTaken = () => new DomainError(CohortsErrors.CohortNameTaken, 'Another cohort of this organisation has that name');

/**
 * Cohorts, their trainers and members (one by one or by CSV import), course assignments and the
 * organisation's seat limit. docs/cohorts.md.
 */
@Injectable()
export class CohortsService {
  constructor(
    private readonly repository: CohortsRepository,
    private readonly access: CohortAccess,
    private readonly memberships: MembershipReader,
    private readonly invitations: OrganisationInvitations,
    private readonly enrolments: AssignedEnrolments,
    private readonly audit: AuditService,
  ) {}

  // ── cohorts ───────────────────────────────────────────────────────────────────

  async create(actor: Actor, organisationId: string, dto: CreateCohortDto): Promise<CohortDto> {
    const id = await this.repository.insert({ organisationId, name: dto.name, description: dto.description ?? null, createdBy: actor.userId });
    if (!id) throw nameTaken();
    return toCohortDto((await this.repository.find(id))!);
  }

  /** Org admins (and platform admins) see every cohort; a trainer only the ones they train. */
  async list(actor: Actor, organisationId: string, query: ListCohortsQueryDto): Promise<CohortPageDto> {
    const role = actor.isPlatformAdmin ? 'org_admin' : await this.memberships.roleOf(actor.userId, organisationId);
    assertOrgRole(role, 'trainer');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.repository.list({
      organisationId,
      trainerUserId: role === 'org_admin' ? null : actor.userId,
      archived: query.archived ?? false,
      after: decodeKeyset(query.cursor, ['timestamp', 'uuid']),
      limit,
    });
    const page = toPage(rows, limit, (r) => [r.createdAtKey, r.id]);
    return { items: page.items.map(toCohortDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, cohortId: string): Promise<CohortDto> {
    return toCohortDto(await this.access.cohort(actor, cohortId, 'view'));
  }

  async update(actor: Actor, cohortId: string, dto: UpdateCohortDto): Promise<CohortDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'admin');
    if (!(await this.repository.update(cohort.id, dto))) throw nameTaken();
    return toCohortDto((await this.repository.find(cohort.id))!);
  }

  /** Archived: out of the lists, the seat count and reminders; members, assignments and progress kept. */
  async setArchived(actor: Actor, cohortId: string, archived: boolean): Promise<CohortDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'admin');
    await this.repository.transaction(async (tx) => {
      if (!archived && cohort.archivedAt) {
        // Its people take seats again.
        const { seatLimit, seatsUsed } = await this.repository.lockSeats(tx, cohort.organisationId);
        if (seatLimit !== null) {
          const needed = await this.repository.newSeats(tx, cohort.organisationId, await this.repository.peopleOf(tx, cohort.id), cohort.id);
          assertSeats(seatLimit, seatsUsed, needed);
        }
      }
      if (!(await this.repository.setArchived(tx, cohort.id, archived))) throw nameTaken();
    });
    return toCohortDto((await this.repository.find(cohort.id))!);
  }

  async replaceTrainers(actor: Actor, cohortId: string, userIds: string[]): Promise<CohortDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'admin');
    assertNotArchived(cohort);
    const unique = [...new Set(userIds)];
    const staff = new Set(await this.repository.staffOf(cohort.organisationId, unique));
    const refused = unique.filter((id) => !staff.has(id));
    if (refused.length) {
      throw DomainError.validation([{ field: 'userIds', reasons: [`not a trainer or org admin of this organisation: ${refused.join(', ')}`] }]);
    }
    await this.repository.replaceTrainers(cohort.id, unique);
    return toCohortDto((await this.repository.find(cohort.id))!);
  }

  // ── members ───────────────────────────────────────────────────────────────────

  async listMembers(actor: Actor, cohortId: string, query: ListCohortMembersQueryDto): Promise<CohortMemberPageDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.repository.listMembers({
      cohortId: cohort.id,
      q: query.q || null,
      after: decodeKeyset(query.cursor, ['timestamp', 'uuid']),
      limit,
    });
    const page = toPage(rows, limit, (r) => [r.addedAtKey, r.id]);
    return { items: page.items.map(toMemberDto), nextCursor: page.nextCursor };
  }

  /**
   * One person by email: a registered member of the organisation joins the cohort (and is
   * enrolled in its assignments); anyone else is invited into the organisation and waits as a
   * pending member, enrolled when they accept. Idempotent (created: false).
   */
  async addMember(actor: Actor, cohortId: string, dto: AddMemberDto, meta: RequestMeta): Promise<AddedMemberDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'admin');
    assertNotArchived(cohort);
    const outcome = await this.addPeople(actor, cohort, [{ email: dto.email, name: dto.name ?? null, externalId: dto.externalId ?? null }]);
    await this.recordImport(actor, cohort, outcome, meta, 'one');
    const rows = await this.repository.listMembers({ cohortId: cohort.id, q: dto.email, after: undefined, limit: 50 });
    const member = rows.find((r) => r.email === dto.email);
    if (!member) throw DomainError.notFound('Member');
    return { member: toMemberDto(member), created: outcome.imported > 0, invited: member.pending };
  }

  /**
   * The CSV import: every row is checked first (csv-import.ts); the valid ones are written in one
   * transaction (members, invitations and their mails, enrolments), or none are (seat limit).
   * People already in the cohort are counted, not added again: the same file twice adds no one.
   */
  async importMembers(actor: Actor, cohortId: string, body: unknown, meta: RequestMeta): Promise<ImportReportDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'admin');
    assertNotArchived(cohort);
    // An empty text/csv body arrives as nothing: an empty file, refused below for its missing header.
    if (body === undefined || body === null) body = '';
    if (typeof body !== 'string') {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'Send the CSV file as the request body with Content-Type: text/csv');
    }
    let parsed;
    try {
      parsed = await parseImport(body);
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      if (err.kind === 'too-many-rows')
        throw new DomainError(ErrorCode.PayloadTooLarge, `At most ${IMPORT_MAX_ROWS} rows per import: split the file`, { errors: err.errors });
      throw new DomainError(ErrorCode.ValidationFailed, `The file cannot be imported: ${err.message}`, {
        fields: [{ field: 'file', reasons: err.errors.map((e) => e.reason) }],
        errors: err.errors,
      });
    }
    const outcome = parsed.rows.length ? await this.addPeople(actor, cohort, parsed.rows) : { imported: 0, alreadyMembers: 0, invited: 0, enrolled: 0 };
    await this.recordImport(actor, cohort, outcome, meta, 'csv', parsed.total);
    return {
      rows: parsed.total,
      imported: outcome.imported,
      alreadyMembers: outcome.alreadyMembers,
      invited: outcome.invited,
      rejected: parsed.rejected.size,
      errors: parsed.errors,
      rejectedCsv: rejectedCsv(parsed.header, parsed.rejected, parsed.errors),
    };
  }

  private async addPeople(
    actor: Actor,
    cohort: CohortRow,
    people: { email: string; name: string | null; externalId: string | null }[],
  ): Promise<{ imported: number; alreadyMembers: number; invited: number; enrolled: number }> {
    return this.repository.transaction(async (tx) => {
      const { seatLimit, seatsUsed } = await this.repository.lockSeats(tx, cohort.organisationId);
      const emails = people.map((p) => p.email);
      const addresses = new Map((await this.repository.addresses(tx, cohort.organisationId, emails)).map((a) => [a.email, a]));
      const registered = people.filter((p) => addresses.get(p.email)?.isMember);
      const pending = people.filter((p) => !addresses.get(p.email)?.isMember);
      const existing = await this.repository.existingMembers(
        tx,
        cohort.id,
        registered.map((p) => addresses.get(p.email)!.userId!),
        pending.map((p) => p.email),
      );
      const newRegistered = registered.filter((p) => !existing.userIds.has(addresses.get(p.email)!.userId!));
      const newPending = pending.filter((p) => !existing.emails.has(p.email));
      const alreadyMembers = people.length - newRegistered.length - newPending.length;

      if (seatLimit !== null) {
        const needed = await this.repository.newSeats(tx, cohort.organisationId, {
          userIds: newRegistered.map((p) => addresses.get(p.email)!.userId!),
          emails: newPending.map((p) => p.email),
        });
        assertSeats(seatLimit, seatsUsed, needed);
      }

      const invitationIds = await this.invitations.inviteLearners(tx, {
        organisationId: cohort.organisationId,
        emails: newPending.map((p) => p.email),
        invitedBy: actor.userId,
      });
      const rows: NewMember[] = [
        ...newRegistered.map((p) => ({ userId: addresses.get(p.email)!.userId, email: p.email, name: p.name, externalId: p.externalId, invitationId: null })),
        ...newPending.map((p) => ({ userId: null, email: p.email, name: p.name, externalId: p.externalId, invitationId: invitationIds.get(p.email) ?? null })),
      ];
      const added = await this.repository.insertMembers(tx, cohort.id, actor.userId, rows);
      const enrolled = await this.enrolInAssignments(
        tx,
        cohort.id,
        added.filter((a) => a.userId).map((a) => a.userId!),
      );
      return { imported: added.length, alreadyMembers: alreadyMembers + (rows.length - added.length), invited: newPending.length, enrolled };
    });
  }

  private async enrolInAssignments(tx: EntityManager, cohortId: string, userIds: string[]): Promise<number> {
    if (userIds.length === 0) return 0;
    let enrolled = 0;
    for (const assignment of await this.repository.assignmentsOfCohort(tx, cohortId)) {
      enrolled += await this.enrolments.enrolMany(tx, { userIds, courseId: assignment.courseId, dueAt: assignment.dueAt });
    }
    return enrolled;
  }

  private async recordImport(
    actor: Actor,
    cohort: CohortRow,
    outcome: { imported: number; alreadyMembers: number; invited: number; enrolled: number },
    meta: RequestMeta,
    source: 'one' | 'csv',
    rows?: number,
  ): Promise<void> {
    if (outcome.invited === 0) return;
    // One event for the invitations an import sent (not one per address): who, which cohort, how many.
    await this.audit.record(
      {
        action: 'invitation.created',
        actorUserId: actor.userId,
        organisationId: cohort.organisationId,
        targetType: 'cohort',
        targetId: cohort.id,
        metadata: { source: source === 'csv' ? 'cohort-import' : 'cohort-member', invited: outcome.invited, imported: outcome.imported, rows },
      },
      meta,
    );
  }

  /** Out of the cohort (their seat frees once they are in no other cohort); their enrolments and records stay. */
  async removeMember(actor: Actor, cohortId: string, memberId: string): Promise<void> {
    const cohort = await this.access.cohort(actor, cohortId, 'admin');
    assertNotArchived(cohort);
    const removed = await this.repository.transaction((tx) => this.repository.removeMember(tx, cohort.id, memberId));
    if (!removed) throw DomainError.notFound('Member');
  }

  // ── assignments ───────────────────────────────────────────────────────────────

  async listAssignments(actor: Actor, cohortId: string): Promise<AssignmentListDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    return { items: (await this.repository.listAssignments(cohort.id)).map(toAssignmentDto) };
  }

  /**
   * Assigns a course (public, or the organisation's own; published) with optional dates. Every
   * registered member is enrolled now, in the same transaction (an enrolment they have is kept
   * and takes the due date if it has none or a later one); pending members are enrolled when they
   * join, later members when they are added.
   */
  async createAssignment(actor: Actor, cohortId: string, dto: CreateAssignmentDto): Promise<CreatedAssignmentDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    assertNotArchived(cohort);
    assertDates(dto.startsAt ?? null, dto.dueAt ?? null);
    const course = await this.repository.findAssignableCourse(dto.courseId, cohort.organisationId);
    if (!course) throw DomainError.notFound('Course');
    const { id, enrolled } = await this.repository.transaction(async (tx) => {
      const id = await this.repository.insertAssignment(tx, {
        cohortId: cohort.id,
        courseId: course.id,
        startsAt: dto.startsAt ?? null,
        dueAt: dto.dueAt ?? null,
        createdBy: actor.userId,
      });
      if (!id) throw new DomainError(CohortsErrors.AlreadyAssigned, 'This course is assigned to the cohort already');
      const members = await this.repository.registeredMembers(tx, cohort.id);
      const enrolled = await this.enrolments.enrolMany(tx, { userIds: members, courseId: course.id, dueAt: dto.dueAt ?? null });
      return { id, enrolled };
    });
    const row = await this.repository.findAssignment(cohort.id, id);
    return { ...toAssignmentDto(row!), enrolled };
  }

  /** New dates; a new due date is given to the members' active enrolments on the course. */
  async updateAssignment(actor: Actor, cohortId: string, assignmentId: string, dto: UpdateAssignmentDto): Promise<AssignmentDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    assertNotArchived(cohort);
    const current = await this.repository.findAssignment(cohort.id, assignmentId);
    if (!current) throw DomainError.notFound('Assignment');
    const startsAt = dto.startsAt === undefined ? current.startsAt : dto.startsAt;
    const dueAt = dto.dueAt === undefined ? current.dueAt : dto.dueAt;
    assertDates(startsAt, dueAt);
    await this.repository.transaction(async (tx) => {
      await this.repository.updateAssignment(tx, assignmentId, { startsAt, dueAt });
      if (dto.dueAt !== undefined) {
        await this.enrolments.setDueDate(tx, { userIds: await this.repository.registeredMembers(tx, cohort.id), courseId: current.courseId, dueAt });
      }
    });
    return toAssignmentDto((await this.repository.findAssignment(cohort.id, assignmentId))!);
  }

  /** The assignment goes; enrolments made by it stay (the learners' progress is theirs). */
  async deleteAssignment(actor: Actor, cohortId: string, assignmentId: string): Promise<void> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    assertNotArchived(cohort);
    if (!(await this.repository.findAssignment(cohort.id, assignmentId))) throw DomainError.notFound('Assignment');
    await this.repository.deleteAssignment(assignmentId);
  }

  // ── licence ───────────────────────────────────────────────────────────────────

  async licence(organisationId: string): Promise<LicenceDto> {
    const { seatLimit, seatsUsed } = await this.repository.transaction((tx) => this.repository.lockSeats(tx, organisationId));
    return { organisationId, seatLimit, seatsUsed };
  }

  async setSeatLimit(actor: Actor, organisationId: string, seatLimit: number | null): Promise<LicenceDto> {
    if (!(await this.memberships.organisationExists(organisationId))) throw DomainError.notFound('Organisation');
    await this.repository.setSeatLimit(organisationId, seatLimit, actor.userId);
    return this.licence(organisationId);
  }

  // ── the learner ───────────────────────────────────────────────────────────────

  /** The caller's assigned courses, soonest due first, one per course (its earliest due date). */
  async myAssignments(actor: Actor): Promise<MyAssignmentListDto> {
    const seen = new Set<string>();
    const items = [];
    const now = Date.now();
    for (const row of await this.repository.myAssignments(actor.userId)) {
      if (seen.has(row.courseId)) continue;
      seen.add(row.courseId);
      items.push({
        assignmentId: row.assignmentId,
        cohortId: row.cohortId,
        cohortName: row.cohortName,
        organisationId: row.organisationId,
        organisationName: row.organisationName,
        courseSlug: row.courseSlug,
        courseTitle: row.courseTitle,
        startsAt: iso(row.startsAt),
        dueAt: iso(row.dueAt),
        overdue: !row.completedAt && row.dueAt !== null && new Date(row.dueAt).getTime() < now,
        enrolmentId: row.enrolmentId,
        completedAt: iso(row.completedAt),
      });
    }
    return { items };
  }
}

function assertSeats(seatLimit: number, seatsUsed: number, seatsNeeded: number): void {
  if (seatsNeeded > 0 && seatsUsed + seatsNeeded > seatLimit) {
    throw new DomainError(
      CohortsErrors.SeatLimitReached,
      `The organisation's licence has ${seatLimit} seats; ${seatsUsed} are used and this needs ${seatsNeeded} more. Nothing was changed.`,
      { seatLimit, seatsUsed, seatsNeeded },
    );
  }
}

function assertDates(startsAt: Date | null, dueAt: Date | null): void {
  if (startsAt && dueAt && dueAt.getTime() <= startsAt.getTime()) {
    throw DomainError.validation([{ field: 'dueAt', reasons: ['dueAt must be after startsAt'] }]);
  }
}

/** The refused rows as a CSV to download: the header, then each row as it was with its errors. */
function rejectedCsv(header: string[], rejected: Map<number, string[]>, errors: { line: number; field: string; reason: string }[]): string {
  if (rejected.size === 0) return '';
  const reasons = new Map<number, string[]>();
  for (const e of errors) reasons.set(e.line, [...(reasons.get(e.line) ?? []), e.reason]);
  const clean = (cell: string) => cell.replace(/^\uFEFF/, '');
  let out = csvLine([...header.map(clean), 'line', 'errors']);
  for (const [line, cells] of rejected) out += csvLine([...header.map((_h, i) => cells[i] ?? ''), line, (reasons.get(line) ?? []).join('; ')]);
  return out;
}
