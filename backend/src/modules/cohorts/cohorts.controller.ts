import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, OrgMember, PlatformAdmin } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam, uuidParam } from '../../common/http/param-pipes.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { cohortIdParam } from './cohort-access.js';
import {
  AddedMemberDto,
  AddMemberDto,
  AssignmentDto,
  AssignmentListDto,
  CohortDto,
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
  ReplaceTrainersDto,
  SeatLimitDto,
  UpdateAssignmentDto,
  UpdateCohortDto,
} from './cohorts.dto.js';
import { CohortsService } from './cohorts.service.js';

const NOT_FOUND = 'No such cohort, or not one you train (or administer)';

@ApiTags('cohorts')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller()
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Post('organisations/:organisationId/cohorts')
  @OrgMember('org_admin')
  @ApiCreatedResponse({ type: CohortDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an org admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COHORT_NAME_TAKEN' })
  createCohort(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() dto: CreateCohortDto,
  ): Promise<CohortDto> {
    return this.cohorts.create(actor, organisationId, dto);
  }

  @Get('organisations/:organisationId/cohorts')
  @OrgMember('trainer')
  @ApiOperation({ summary: "The organisation's cohorts, newest first: all of them for org admins, a trainer's own for trainers" })
  @ApiOkResponse({ type: CohortPageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'A learner' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listCohorts(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: ListCohortsQueryDto,
  ): Promise<CohortPageDto> {
    return this.cohorts.list(actor, organisationId, query);
  }

  @Get('organisations/:organisationId/licence')
  @OrgMember('org_admin')
  @ApiOperation({ summary: "The organisation's seat limit and the seats its cohorts use" })
  @ApiOkResponse({ type: LicenceDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getLicence(@Param('organisationId', organisationIdParam()) organisationId: string): Promise<LicenceDto> {
    return this.cohorts.licence(organisationId);
  }

  @Put('organisations/:organisationId/licence')
  @PlatformAdmin()
  @ApiOperation({ summary: "Set the organisation's seat limit (null: none). Existing members are kept even above a lower limit; new ones are refused." })
  @ApiOkResponse({ type: LicenceDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  setLicence(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() dto: SeatLimitDto,
  ): Promise<LicenceDto> {
    return this.cohorts.setSeatLimit(actor, organisationId, dto.seatLimit);
  }

  @Get('cohorts/:cohortId')
  @Authenticated()
  @ApiOkResponse({ type: CohortDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  getCohort(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string): Promise<CohortDto> {
    return this.cohorts.get(actor, cohortId);
  }

  @Patch('cohorts/:cohortId')
  @Authenticated()
  @ApiOkResponse({ type: CohortDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'A trainer of the cohort: org admins only' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COHORT_NAME_TAKEN' })
  updateCohort(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string, @Body() dto: UpdateCohortDto): Promise<CohortDto> {
    return this.cohorts.update(actor, cohortId, dto);
  }

  @Post('cohorts/:cohortId/archive')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive: out of the lists and the seat count; members, assignments and progress are kept' })
  @ApiOkResponse({ type: CohortDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  archiveCohort(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string): Promise<CohortDto> {
    return this.cohorts.setArchived(actor, cohortId, true);
  }

  @Post('cohorts/:cohortId/unarchive')
  @Authenticated()
  @HttpCode(200)
  @ApiOkResponse({ type: CohortDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COHORT_NAME_TAKEN (a cohort took the name meanwhile) or SEAT_LIMIT_REACHED' })
  unarchiveCohort(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string): Promise<CohortDto> {
    return this.cohorts.setArchived(actor, cohortId, false);
  }

  @Put('cohorts/:cohortId/trainers')
  @Authenticated()
  @ApiOperation({ summary: "Replace the cohort's trainers (each a trainer or org admin of the organisation)" })
  @ApiOkResponse({ type: CohortDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COHORT_ARCHIVED' })
  replaceTrainers(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string, @Body() dto: ReplaceTrainersDto): Promise<CohortDto> {
    return this.cohorts.replaceTrainers(actor, cohortId, dto.userIds);
  }

  @Get('cohorts/:cohortId/members')
  @Authenticated()
  @ApiOperation({ summary: 'Members, oldest first (registered and pending)' })
  @ApiOkResponse({ type: CohortMemberPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  listCohortMembers(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Query() query: ListCohortMembersQueryDto,
  ): Promise<CohortMemberPageDto> {
    return this.cohorts.listMembers(actor, cohortId, query);
  }

  @Post('cohorts/:cohortId/members')
  @Authenticated()
  @ApiOperation({
    summary:
      'Add one person: a member of the organisation joins at once (enrolled in the assignments); anyone else is invited to the organisation and waits as pending',
  })
  @ApiCreatedResponse({ type: AddedMemberDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'SEAT_LIMIT_REACHED or COHORT_ARCHIVED' })
  addCohortMember(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Body() dto: AddMemberDto,
    @Meta() meta: RequestMeta,
  ): Promise<AddedMemberDto> {
    return this.cohorts.addMember(actor, cohortId, dto, meta);
  }

  @Post('cohorts/:cohortId/members::import')
  @Authenticated()
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary:
      'Import members from CSV (body text/csv, at most 2 MB and 20,000 rows; header email,name,external_id). Every row is checked first; the valid rows are imported in one transaction; the report lists each refused row',
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'The file as a whole cannot be read (no email column, unknown column, broken quoting): details.errors',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'SEAT_LIMIT_REACHED (nothing imported) or COHORT_ARCHIVED' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Over 2 MB or 20,000 rows' })
  importCohortMembers(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Body() body: unknown,
    @Meta() meta: RequestMeta,
  ): Promise<ImportReportDto> {
    return this.cohorts.importMembers(actor, cohortId, body, meta);
  }

  @Delete('cohorts/:cohortId/members/:memberId')
  @Authenticated()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Out of the cohort; their enrolments and learning records stay' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  removeCohortMember(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Param('memberId', uuidParam('memberId')) memberId: string,
  ): Promise<void> {
    return this.cohorts.removeMember(actor, cohortId, memberId);
  }

  @Get('cohorts/:cohortId/assignments')
  @Authenticated()
  @ApiOkResponse({ type: AssignmentListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  listAssignments(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string): Promise<AssignmentListDto> {
    return this.cohorts.listAssignments(actor, cohortId);
  }

  @Post('cohorts/:cohortId/assignments')
  @Authenticated()
  @ApiOperation({ summary: "Assign a course (public, or the organisation's own) with optional dates; the cohort's registered members are enrolled at once" })
  @ApiCreatedResponse({ type: CreatedAssignmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such cohort (of yours), or no such course you may assign' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COURSE_ALREADY_ASSIGNED or COHORT_ARCHIVED' })
  createAssignment(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Body() dto: CreateAssignmentDto,
  ): Promise<CreatedAssignmentDto> {
    return this.cohorts.createAssignment(actor, cohortId, dto);
  }

  @Patch('cohorts/:cohortId/assignments/:assignmentId')
  @Authenticated()
  @ApiOkResponse({ type: AssignmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateAssignment(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Param('assignmentId', uuidParam('assignmentId')) assignmentId: string,
    @Body() dto: UpdateAssignmentDto,
  ): Promise<AssignmentDto> {
    return this.cohorts.updateAssignment(actor, cohortId, assignmentId, dto);
  }

  @Delete('cohorts/:cohortId/assignments/:assignmentId')
  @Authenticated()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The assignment is gone; enrolments it made stay' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  deleteAssignment(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Param('assignmentId', uuidParam('assignmentId')) assignmentId: string,
  ): Promise<void> {
    return this.cohorts.deleteAssignment(actor, cohortId, assignmentId);
  }

  @Get('me/assignments')
  @Authenticated()
  @ApiOperation({ summary: 'Your assigned courses (from your cohorts), soonest due first, for the dashboard' })
  @ApiOkResponse({ type: MyAssignmentListDto })
  myAssignments(@CurrentActor() actor: Actor): Promise<MyAssignmentListDto> {
    return this.cohorts.myAssignments(actor);
  }
}
