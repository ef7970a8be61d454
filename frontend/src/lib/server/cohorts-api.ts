/**
 * The cohorts API (cohorts module: cohorts, members, CSV import, assignments, the trainer's
 * progress views, needs attention, reminders; the learner's assignments and notification
 * settings), as the web app calls it: one place, so every page shares the calls and their types.
 */
import type { NotificationSettings } from '#lib/cohorts/types.js';
import type { ApiClient } from './api';
import { callApi } from './api-result';

type Filter = 'overdue' | 'at-risk' | 'not-started' | 'in-progress' | 'completed';
type Sort = 'name' | 'progress' | 'last-activity';

// Cohorts

export function listCohorts(api: ApiClient, organisationId: string, options: { cursor?: string; archived?: boolean } = {}) {
  return callApi(() =>
    api.GET('/api/organisations/{organisationId}/cohorts', {
      params: { path: { organisationId }, query: { cursor: options.cursor || undefined, archived: options.archived || undefined } }
    })
  );
}

export function createCohort(api: ApiClient, organisationId: string, body: { name: string; description?: string }) {
  return callApi(() => api.POST('/api/organisations/{organisationId}/cohorts', { params: { path: { organisationId } }, body }));
}

export function getCohort(api: ApiClient, cohortId: string) {
  return callApi(() => api.GET('/api/cohorts/{cohortId}', { params: { path: { cohortId } } }));
}

export function updateCohort(api: ApiClient, cohortId: string, body: { name?: string; description?: string | null }) {
  return callApi(() => api.PATCH('/api/cohorts/{cohortId}', { params: { path: { cohortId } }, body }));
}

export function archiveCohort(api: ApiClient, cohortId: string, archive: boolean) {
  const init = { params: { path: { cohortId } } };
  return callApi(() => (archive ? api.POST('/api/cohorts/{cohortId}/archive', init) : api.POST('/api/cohorts/{cohortId}/unarchive', init)));
}

export function setTrainers(api: ApiClient, cohortId: string, userIds: string[]) {
  return callApi(() => api.PUT('/api/cohorts/{cohortId}/trainers', { params: { path: { cohortId } }, body: { userIds } }));
}

// Members

export function listMembers(api: ApiClient, cohortId: string, options: { cursor?: string; q?: string } = {}) {
  return callApi(() =>
    api.GET('/api/cohorts/{cohortId}/members', {
      params: { path: { cohortId }, query: { cursor: options.cursor || undefined, q: options.q || undefined } }
    })
  );
}

export function addMember(api: ApiClient, cohortId: string, body: { email: string; name?: string; externalId?: string }) {
  return callApi(() => api.POST('/api/cohorts/{cohortId}/members', { params: { path: { cohortId } }, body }));
}

export function removeMember(api: ApiClient, cohortId: string, memberId: string) {
  return callApi(() => api.DELETE('/api/cohorts/{cohortId}/members/{memberId}', { params: { path: { cohortId, memberId } } }));
}

/**
 * The file's text as the body (text/csv): the API checks every row before writing any. The
 * OpenAPI document describes this body as text/csv, which the generated types leave out, so the
 * body and its serialiser are given here.
 */
export function importMembers(api: ApiClient, cohortId: string, csv: string) {
  return callApi(() =>
    api.POST('/api/cohorts/{cohortId}/members:import', {
      params: { path: { cohortId } },
      body: csv as never,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      bodySerializer: (body: unknown) => body as string
    })
  );
}

// Assignments

export function listAssignments(api: ApiClient, cohortId: string) {
  return callApi(() => api.GET('/api/cohorts/{cohortId}/assignments', { params: { path: { cohortId } } }));
}

export function createAssignment(api: ApiClient, cohortId: string, body: { courseId: string; startsAt?: string; dueAt?: string }) {
  return callApi(() => api.POST('/api/cohorts/{cohortId}/assignments', { params: { path: { cohortId } }, body }));
}

export function updateAssignment(api: ApiClient, cohortId: string, assignmentId: string, body: { startsAt?: string | null; dueAt?: string | null }) {
  return callApi(() => api.PATCH('/api/cohorts/{cohortId}/assignments/{assignmentId}', { params: { path: { cohortId, assignmentId } }, body }));
}

export function deleteAssignment(api: ApiClient, cohortId: string, assignmentId: string) {
  return callApi(() => api.DELETE('/api/cohorts/{cohortId}/assignments/{assignmentId}', { params: { path: { cohortId, assignmentId } } }));
}

// The trainer's views

export interface ProgressQuery {
  assignmentId?: string;
  cursor?: string;
  filter?: Filter;
  sort?: Sort;
}

export function getProgress(api: ApiClient, cohortId: string, query: ProgressQuery) {
  return callApi(() => api.GET('/api/cohorts/{cohortId}/progress', { params: { path: { cohortId }, query } }));
}

export function getSummary(api: ApiClient, cohortId: string, assignmentId?: string) {
  return callApi(() => api.GET('/api/cohorts/{cohortId}/summary', { params: { path: { cohortId }, query: { assignmentId } } }));
}

/** progress.csv or progress.xlsx, as a stream to hand on. */
export function exportProgress(api: ApiClient, cohortId: string, format: 'csv' | 'xlsx', assignmentId?: string) {
  const init = { params: { path: { cohortId }, query: { assignmentId } }, parseAs: 'stream' } as const;
  return callApi(() => (format === 'csv' ? api.GET('/api/cohorts/{cohortId}/progress.csv', init) : api.GET('/api/cohorts/{cohortId}/progress.xlsx', init)));
}

export function getTimeline(api: ApiClient, cohortId: string, userId: string, cursor?: string) {
  return callApi(() =>
    api.GET('/api/cohorts/{cohortId}/members/{userId}/timeline', { params: { path: { cohortId, userId }, query: { cursor: cursor || undefined } } })
  );
}

/** A quiz's item analysis over the cohort's current members ("Questions learners get wrong"). */
export function getItemAnalysis(api: ApiClient, cohortId: string, quizId: string) {
  return callApi(() => api.GET('/api/cohorts/{cohortId}/item-analysis', { params: { path: { cohortId }, query: { quizId } } }));
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
  return callApi(() => api.GET('/api/me/assignments'));
}

export function getNotificationSettings(api: ApiClient) {
  return callApi(() => api.GET('/api/me/notification-settings'));
}

export function updateNotificationSettings(api: ApiClient, body: Partial<NotificationSettings>) {
  return callApi(() => api.PATCH('/api/me/notification-settings', { body }));
}

// The organisation's licence and needs-attention settings

export function getLicence(api: ApiClient, organisationId: string) {
  return callApi(() => api.GET('/api/organisations/{organisationId}/licence', { params: { path: { organisationId } } }));
}

export function getAttentionSettings(api: ApiClient, organisationId: string) {
  return callApi(() => api.GET('/api/organisations/{organisationId}/attention-settings', { params: { path: { organisationId } } }));
}

export function updateAttentionSettings(api: ApiClient, organisationId: string, inactiveDays: number) {
  return callApi(() => api.PUT('/api/organisations/{organisationId}/attention-settings', { params: { path: { organisationId } }, body: { inactiveDays } }));
}
