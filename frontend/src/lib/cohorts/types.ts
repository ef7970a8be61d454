import type { components } from '#lib/api/schema.js';

/** The cohorts API's types as the web app reads them: the generated ones, named for the pages. */
type Schemas = components['schemas'];

export type Cohort = Schemas['CohortDto'];
export type CohortMember = Schemas['CohortMemberDto'];
export type AddedMember = Schemas['AddedMemberDto'];
export type ImportError = Schemas['ImportReportDto']['errors'][number];
export type ImportReport = Schemas['ImportReportDto'];
export type Assignment = Schemas['AssignmentDto'];
export type MatrixModule = Schemas['ProgressPageDto']['modules'][number];
export type MatrixCell = Schemas['ProgressItemDto']['modules'][number];
export type ModuleState = MatrixCell['state'];
export type MatrixRow = Schemas['ProgressItemDto'];
export type ProgressMatrix = Schemas['ProgressPageDto'];
export type CohortSummary = Schemas['SummaryDto'];
export type TimelineEvent = Schemas['TimelineEventDto'];
export type AttentionReason = Schemas['AttentionReasonDto'];
export type AttentionItem = Schemas['AttentionItemDto'];
export type MyAssignment = Schemas['MyAssignmentDto'];
export type NotificationSettings = Schemas['NotificationSettingsDto'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
