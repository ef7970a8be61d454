import type { RequestEvent } from '@sveltejs/kit';
import type { FormState } from '#lib/form-state.js';
import {
  checkSettingsDraft,
  draftFromSettings,
  draftFromSettingsForm,
  settingsFieldErrors,
  type QuizSettings,
  type QuizSettingsBody,
  type SettingsDraft
} from '#lib/authoring/quiz-settings-form.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';
import { failForm, formOk } from './form-result';
import { formFailure } from './problems';

export interface SettingsFormState extends FormState {
  settings?: SettingsDraft;
}

/** The module's live questions for the slot choices; empty when they cannot be read (the form says so by having none). */
export async function liveQuestions(api: ApiClient, moduleId: string): Promise<{ id: string; prompt: string }[]> {
  const outcome = await callApi(() => api.GET('/api/modules/{moduleId}/questions', { params: { path: { moduleId } } }));
  return outcome.ok ? outcome.data.items.filter((q) => !q.retiredAt).map((q) => ({ id: q.id, prompt: q.prompt })) : [];
}

/** The save action of a settings page: checked here, then `save` (the module's or a tailored course's route). */
export async function saveSettings(event: RequestEvent, save: (body: QuizSettingsBody) => Promise<ApiOutcome<QuizSettings>>) {
  const draft = draftFromSettingsForm(await event.request.formData());
  const { errors, body } = checkSettingsDraft(draft);
  if (!body) return failForm<SettingsFormState>(400, { settings: draft, errors });
  const outcome = await save(body);
  if (outcome.ok)
    return formOk<SettingsFormState>({
      settings: draftFromSettings(outcome.data),
      success: 'Quiz settings saved. Attempts already started keep their questions.'
    });
  return formFailure<SettingsFormState>(
    outcome.problem,
    event,
    { settings: draft },
    {
      on: {
        validation: (problem) => ({ errors: settingsFieldErrors(problem.fields) }),
        // QUIZ_VERSION_CONFLICT: a stale version.
        'edited-meanwhile': () => ({
          problem: 'Someone saved these settings after you opened them. Reload the page to see theirs, then make your change again (what you typed is below).'
        })
      }
    }
  );
}
