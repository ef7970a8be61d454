/**
 * The cohorts API (cohorts module: cohorts, members, CSV import, assignments, the trainer's
 * progress views, needs attention, reminders; the learner's assignments and notification
 * settings), as the web app calls it: one place, so every page shares the calls and their types.
 */
import type {
  AddedMember,
  Assignment,
  AttentionItem,
  Cohort,
  CohortMember,
  CohortSummary,
  ImportReport,
  MyAssignment,
  NotificationSettings,
  Page,
  ProgressMatrix,
  TimelineEvent
} from '#lib/cohorts/types.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';

type Query = Record<string, string | number | boolean | undefined>;
interface Init {
  params?: { path?: Record<string, string>; query?: Query };
  body?: unknown;
  headers?: Record<string, string>;
  bodySerializer?: (body: unknown) => BodyInit;
  parseAs?: 'json' | 'text' | 'stream';
}
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
interface LooseClient {
  GET: Call;
  POST: Call;
  PUT: Call;
  PATCH: Call;
  DELETE: Call;
}

/**
 * The generated client, for routes that are not in backend/openapi.json on this branch yet: the
 * same client (request id, token, address), typed by the contract in #lib/cohorts/types.
 */
function loose(api: ApiClient): LooseClient {
  return api as unknown as LooseClient;
}

function call<T>(request: () => Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<ApiOutcome<T>> {
  return callApi(request) as Promise<ApiOutcome<T>>;
}

/** Drops empty values, so the API sees absent parameters rather than `?q=`. */
function query(values: Query): Query {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
}

// Cohorts

export function listCohorts(api: ApiClient, organisationId: string, options: { cursor?: string; archived?: boolean } = {}) {
  return call<Page<Cohort>>(() =>
    loose(api).GET('/api/organisations/{organisationId}/cohorts', {
      params: { path: { organisationId }, query: query({ cursor: options.cursor, archived: options.archived ? 'true' : undefined }) }
    })
  );
}

export function createCohort(api: ApiClient, organisationId: string, body: { name: string; description?: string }) {
  return call<Cohort>(() => loose(api).POST('/api/organisations/{organisationId}/cohorts', { params: { path: { organisationId } }, body }));
}

export function getCohort(api: ApiClient, id: string) {
  return call<Cohort>(() => loose(api).GET('/api/cohorts/{id}', { params: { path: { id } } }));
}

export function updateCohort(api: ApiClient, id: string, body: { name?: string; description?: string }) {
  return call<Cohort>(() => loose(api).PATCH('/api/cohorts/{id}', { params: { path: { id } }, body }));
}

export function archiveCohort(api: ApiClient, id: string, archive: boolean) {
  return call<Cohort>(() => loose(api).POST(archive ? '/api/cohorts/{id}/archive' : '/api/cohorts/{id}/unarchive', { params: { path: { id } } }));
}

export function setTrainers(api: ApiClient, id: string, userIds: string[]) {
  return call<Cohort>(() => loose(api).PUT('/api/cohorts/{id}/trainers', { params: { path: { id } }, body: { userIds } }));
}

// Members

export function listMembers(api: ApiClient, id: string, options: { cursor?: string; q?: string } = {}) {
  return call<Page<CohortMember>>(() => loose(api).GET('/api/cohorts/{id}/members', { params: { path: { id }, query: query(options) } }));
}

export function addMember(api: ApiClient, id: string, body: { email: string; name?: string; externalId?: string }) {
  return call<AddedMember>(() => loose(api).POST('/api/cohorts/{id}/members', { params: { path: { id } }, body }));
}

export function removeMember(api: ApiClient, id: string, memberId: string) {
  return call<unknown>(() => loose(api).DELETE('/api/cohorts/{id}/members/{memberId}', { params: { path: { id, memberId } } }));
}

/** The file's text as the body (text/csv): the API validates every row before writing any. */
export function importMembers(api: ApiClient, id: string, csv: string) {
  return call<ImportReport>(() =>
    loose(api).POST('/api/cohorts/{id}/members:import', {
      params: { path: { id } },
      body: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      bodySerializer: (body) => body as string
    })
  );
}

// Assignments

export function listAssignments(api: ApiClient, id: string) {
  return call<Page<Assignment> | Assignment[]>(() => loose(api).GET('/api/cohorts/{id}/assignments', { params: { path: { id } } }));
}

/** The API answers a list or a page; the pages want the items. */
export function assignmentItems(data: Page<Assignment> | Assignment[]): Assignment[] {
  return Array.isArray(data) ? data : data.items;
}

export function createAssignment(api: ApiClient, id: string, body: { courseId: string; startsAt?: string; dueAt?: string }) {
  return call<Assignment>(() => loose(api).POST('/api/cohorts/{id}/assignments', { params: { path: { id } }, body }));
}

export function updateAssignment(api: ApiClient, id: string, assignmentId: string, body: { startsAt?: string | null; dueAt?: string | null }) {
  return call<Assignment>(() => loose(api).PATCH('/api/cohorts/{id}/assignments/{assignmentId}', { params: { path: { id, assignmentId } }, body }));
}

export function deleteAssignment(api: ApiClient, id: string, assignmentId: string) {
  return call<unknown>(() => loose(api).DELETE('/api/cohorts/{id}/assignments/{assignmentId}', { params: { path: { id, assignmentId } } }));
}

// The trainer's views

export interface ProgressQuery {
  assignmentId?: string;
  cursor?: string;
  filter?: string;
  sort?: string;
}

export function getProgress(api: ApiClient, id: string, options: ProgressQuery) {
  return call<ProgressMatrix>(() => loose(api).GET('/api/cohorts/{id}/progress', { params: { path: { id }, query: query({ ...options }) } }));
}

export function getSummary(api: ApiClient, id: string, assignmentId?: string) {
  return call<CohortSummary>(() => loose(api).GET('/api/cohorts/{id}/summary', { params: { path: { id }, query: query({ assignmentId }) } }));
}

/** progress.csv or progress.xlsx, as a stream to hand on. */
export function exportProgress(api: ApiClient, id: string, format: 'csv' | 'xlsx', assignmentId?: string) {
  return call<ReadableStream<Uint8Array>>(() =>
    loose(api).GET(`/api/cohorts/{id}/progress.${format}`, { params: { path: { id }, query: query({ assignmentId }) }, parseAs: 'stream' })
  );
}

export function getTimeline(api: ApiClient, id: string, userId: string, cursor?: string) {
  return call<Page<TimelineEvent>>(() =>
    loose(api).GET('/api/cohorts/{id}/members/{userId}/timeline', { params: { path: { id, userId }, query: query({ cursor }) } })
  );
}

export function getItemAnalysis(api: ApiClient, id: string, quizId: string) {
  return call<unknown>(() => loose(api).GET('/api/cohorts/{id}/item-analysis', { params: { path: { id }, query: { quizId } } }));
}

export function getAttention(api: ApiClient, cursor?: string) {
  return callApi(() => api.GET('/api/me/attention', { params: { query: { cursor: cursor || undefined } } }));
}

export function remind(api: ApiClient, cohortId: string, userId: string, message?: string) {
  return callApi(() =>
    api.POST('/api/cohorts/{cohortId}/members/{userId}/remind', { params: { path: { cohortId, userId } }, body: message ? { message } : {} })
  );
}

// The learner's side

export function getMyAssignments(api: ApiClient) {
  return call<Page<MyAssignment> | MyAssignment[]>(() => loose(api).GET('/api/me/assignments'));
}

export function myAssignmentItems(data: Page<MyAssignment> | MyAssignment[]): MyAssignment[] {
  return Array.isArray(data) ? data : data.items;
}

export function getNotificationSettings(api: ApiClient) {
  return callApi(() => api.GET('/api/me/notification-settings'));
}

export function updateNotificationSettings(api: ApiClient, body: Partial<NotificationSettings>) {
  return callApi(() => api.PATCH('/api/me/notification-settings', { body }));
}

// The organisation's licence and needs-attention settings

export interface Licence {
  organisationId: string;
  /** null: no limit. */
  seatLimit: number | null;
  seatsUsed: number;
}

export function getLicence(api: ApiClient, organisationId: string) {
  return call<Licence>(() => loose(api).GET('/api/organisations/{organisationId}/licence', { params: { path: { organisationId } } }));
}

export function getAttentionSettings(api: ApiClient, organisationId: string) {
  return callApi(() => api.GET('/api/organisations/{organisationId}/attention-settings', { params: { path: { organisationId } } }));
}

export function updateAttentionSettings(api: ApiClient, organisationId: string, inactiveDays: number) {
  return callApi(() => api.PUT('/api/organisations/{organisationId}/attention-settings', { params: { path: { organisationId } }, body: { inactiveDays } }));
}
