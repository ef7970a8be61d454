import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { components } from '#lib/api/schema.js';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { formOk } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RegradeState extends FormState {
  result?: components['schemas']['RegradeResultDto'];
}

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { questionId } = event.params;
  if (!UUID.test(questionId)) error(404, 'Question not found');
  const question = await callApi(() => apiFor(event).GET('/api/questions/{questionId}', { params: { path: { questionId } } }));
  if (!question.ok) pageError(question.problem, event, { notFound: 'Question not found' });
  return { question: question.data };
};

async function regrade(event: Parameters<NonNullable<Actions['preview']>>[0], dryRun: boolean) {
  requirePlatformAdmin(event);
  const outcome = await callApi(() =>
    apiFor(event).POST('/api/questions/{questionId}/regrade', { params: { path: { questionId: event.params.questionId } }, body: { dryRun } })
  );
  if (!outcome.ok) return formFailure<RegradeState>(outcome.problem, event, {});
  const changed = outcome.data.attempts.length;
  const success = dryRun
    ? undefined
    : changed === 0
      ? 'Nothing to change: no attempt’s score differs under the current version.'
      : `Regraded: ${changed} attempt${changed === 1 ? '' : 's'} changed. The regrade is recorded in the audit trail.`;
  return formOk<RegradeState>({ result: outcome.data, success });
}

export const actions: Actions = {
  preview: (event) => regrade(event, true),
  apply: (event) => regrade(event, false)
};
