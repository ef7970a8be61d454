import { PassThrough, Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeKeyset, toPage } from '../../common/http/pagination.js';
import { AssignedEnrolments } from '../learning/index.js';
import { CohortAccess } from './cohort-access.js';
import { CohortProgressRepository, type ModuleCell, type ProgressRow, type ProgressScope } from './cohort-progress.repository.js';
import type { ExportQueryDto, ModuleCellDto, ProgressItemDto, ProgressPageDto, ProgressQueryDto, SummaryDto, TimelinePageDto } from './cohorts.dto.js';
import { CohortsRepository, type AssignmentRow } from './cohorts.repository.js';
import { toAssignmentDto } from './cohorts.service.js';
import { csvLine, loadExcel, safeSheetText } from './csv-cells.js';

const DEFAULT_LIMIT = 50;
/** Learners read per query while exporting: memory stays at one batch whatever the cohort's size. */
const EXPORT_BATCH = 500;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function moduleState(cell: ModuleCell | undefined): ModuleCellDto['state'] {
  if (!cell) return 'not_started';
  if (cell.lessonsCompleted >= cell.lessonsRequired && (cell.quizId === null || cell.passed)) return 'complete';
  return cell.lessonsCompleted > 0 || cell.attemptsUsed > 0 ? 'in_progress' : 'not_started';
}

/** What an export's file is called: the cohort's name made safe for a header. */
export function exportFileName(cohortName: string, ext: 'csv' | 'xlsx'): string {
  const base = cohortName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `cohort-progress-${base || 'cohort'}.${ext}`;
}

/** The trainer's views of a cohort's progress: the matrix, the summary, the exports, a learner's timeline. docs/cohorts.md. */
@Injectable()
export class CohortProgressService {
  constructor(
    private readonly access: CohortAccess,
    private readonly cohorts: CohortsRepository,
    private readonly repository: CohortProgressRepository,
    private readonly learning: AssignedEnrolments,
  ) {}

  /** The assignment asked for (404 if not the cohort's), else the cohort's first; null when it has none. */
  private async scope(cohortId: string, assignmentId: string | undefined): Promise<{ assignment: AssignmentRow | null; scope: ProgressScope }> {
    const assignments = await this.cohorts.listAssignments(cohortId);
    const assignment = assignmentId ? assignments.find((a) => a.id === assignmentId) : assignments[0];
    if (assignmentId && !assignment) throw DomainError.notFound('Assignment');
    return { assignment: assignment ?? null, scope: { cohortId, courseId: assignment?.courseId ?? null, dueAt: assignment?.dueAt ?? null } };
  }

  private async withModules(rows: ProgressRow[], assignment: AssignmentRow | null): Promise<ProgressItemDto[]> {
    const cells = await this.repository.moduleCells(rows.filter((r) => r.enrolmentId).map((r) => r.enrolmentId!));
    const byEnrolment = new Map<string, Map<string, ModuleCell>>();
    for (const cell of cells) {
      const map = byEnrolment.get(cell.enrolmentId) ?? new Map<string, ModuleCell>();
      map.set(cell.moduleId, cell);
      byEnrolment.set(cell.enrolmentId, map);
    }
    const modules = assignment ? await this.repository.modulesOf(assignment.courseId) : [];
    return rows.map((r) => {
      const mine = r.enrolmentId ? byEnrolment.get(r.enrolmentId) : undefined;
      return {
        memberId: r.memberId,
        userId: r.userId,
        name: r.name,
        email: r.email,
        externalId: r.externalId,
        pending: r.pending,
        state: r.state,
        percent: r.percent,
        overdue: r.overdue,
        atRisk: r.atRisk,
        dueAt: iso(assignment?.dueAt ?? null),
        lastActivityAt: iso(r.lastActivityAt),
        completedAt: iso(r.completedAt),
        modules: modules.map((m) => {
          const cell = mine?.get(m.id);
          return { moduleId: m.id, state: moduleState(cell), score: cell?.gradePercent ?? null };
        }),
      };
    });
  }

  async progress(actor: Actor, cohortId: string, query: ProgressQueryDto): Promise<ProgressPageDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const { assignment, scope } = await this.scope(cohort.id, query.assignmentId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.repository.page(scope, {
      filter: query.filter ?? null,
      sort: query.sort ?? 'name',
      after: decodeKeyset(query.cursor, ['text', 'uuid']),
      limit,
    });
    const page = toPage(rows, limit, (r) => [r.sortKey, r.memberId]);
    return {
      assignment: assignment ? toAssignmentDto(assignment) : null,
      modules: assignment ? await this.repository.modulesOf(assignment.courseId) : [],
      items: await this.withModules(page.items, assignment),
      nextCursor: page.nextCursor,
    };
  }

  async summary(actor: Actor, cohortId: string, query: ExportQueryDto): Promise<SummaryDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const { assignment, scope } = await this.scope(cohort.id, query.assignmentId);
    const row = await this.repository.summary(scope);
    return { assignment: assignment ? toAssignmentDto(assignment) : null, ...row };
  }

  /** Every learner in name order, one batch of EXPORT_BATCH at a time. */
  private async *batches(scope: ProgressScope, assignment: AssignmentRow | null): AsyncGenerator<ProgressItemDto[]> {
    let after: [string, string] | undefined;
    for (;;) {
      const rows = await this.repository.page(scope, { filter: null, sort: 'name', after, limit: EXPORT_BATCH });
      const batch = rows.slice(0, EXPORT_BATCH);
      if (batch.length) yield await this.withModules(batch, assignment);
      if (rows.length <= EXPORT_BATCH) return;
      const last = batch[batch.length - 1]!;
      after = [last.sortKey, last.memberId];
    }
  }

  /** Checks access and reads the first things before the stream is handed over, so a refusal is an ordinary error answer. */
  private async prepareExport(actor: Actor, cohortId: string, query: ExportQueryDto) {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const { assignment, scope } = await this.scope(cohort.id, query.assignmentId);
    const modules = assignment ? await this.repository.modulesOf(assignment.courseId) : [];
    return { cohort, assignment, scope, modules };
  }

  /**
   * The matrix as CSV, streamed: a header, then one line per learner (name, email, external id,
   * state, percent, due, overdue, at risk, last activity, completed, then each module's state
   * and score). Cells that a spreadsheet would run as formulas are neutralised (csv-cells.ts).
   */
  async exportCsv(actor: Actor, cohortId: string, query: ExportQueryDto): Promise<{ stream: Readable; fileName: string }> {
    const { cohort, assignment, scope, modules } = await this.prepareExport(actor, cohortId, query);
    const batches = this.batches(scope, assignment);
    async function* body(): AsyncGenerator<string> {
      yield '\uFEFF';
      yield csvLine([...HEADER, ...modules.flatMap((m) => [`${m.title}: state`, `${m.title}: score`])]);
      for await (const batch of batches) {
        let chunk = '';
        for (const item of batch) chunk += csvLine(rowCells(item));
        yield chunk;
      }
    }
    return { stream: Readable.from(body(), { objectMode: false }), fileName: exportFileName(cohort.name, 'csv') };
  }

  /** The same as an Excel workbook, written with exceljs's streaming WorkbookWriter (rows committed as they are written). */
  async exportXlsx(actor: Actor, cohortId: string, query: ExportQueryDto): Promise<{ stream: Readable; fileName: string }> {
    const { cohort, assignment, scope, modules } = await this.prepareExport(actor, cohortId, query);
    const ExcelJS = await loadExcel();
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Progress');
    const write = async () => {
      sheet.addRow([...HEADER, ...modules.flatMap((m) => [`${m.title}: state`, `${m.title}: score`])]).commit();
      for await (const batch of this.batches(scope, assignment)) {
        for (const item of batch) sheet.addRow(rowCells(item).map((c) => (typeof c === 'string' ? safeSheetText(c) : c))).commit();
        // Let the response drain before the next batch: memory stays flat.
        if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      }
      sheet.commit();
      await workbook.commit();
    };
    write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return { stream: out, fileName: exportFileName(cohort.name, 'xlsx') };
  }

  /** A learner's learning records on the cohort's assigned courses, newest first. 404 for someone not in the cohort. */
  async timeline(actor: Actor, cohortId: string, userId: string, query: { cursor?: string; limit?: number }): Promise<TimelinePageDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const learner = await this.cohorts.findRegisteredMember(cohort.id, userId);
    if (!learner) throw DomainError.notFound('Member');
    const courseIds = (await this.cohorts.listAssignments(cohort.id)).map((a) => a.courseId);
    const limit = query.limit ?? 20;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.learning.timeline(userId, courseIds, key ? { stored: key[0], id: key[1] } : null, limit + 1);
    const page = toPage(rows, limit, (r) => [r.storedKey, r.id]);
    return {
      learner,
      items: page.items.map((r) => ({
        id: r.id,
        verb: r.verb,
        objectName: r.objectName,
        objectType: r.objectType,
        courseId: r.courseId,
        timestamp: new Date(r.timestamp).toISOString(),
        scoreScaled: r.scoreScaled,
        success: r.success,
      })),
      nextCursor: page.nextCursor,
    };
  }
}

const HEADER = ['Name', 'Email', 'External ID', 'Pending', 'State', 'Percent', 'Due', 'Overdue', 'At risk', 'Last activity', 'Completed'];

function rowCells(item: ProgressItemDto): (string | number | null)[] {
  return [
    item.name,
    item.email,
    item.externalId,
    item.pending ? 'yes' : 'no',
    item.state,
    item.percent,
    item.dueAt,
    item.overdue ? 'yes' : 'no',
    item.atRisk ? 'yes' : 'no',
    item.lastActivityAt,
    item.completedAt,
    ...item.modules.flatMap((m) => [m.state, m.score]),
  ];
}
