import type { ScoreFraction } from './regrade-plan.js';

/**
 * The quiz engine's scoring, as the regrade plan calls it. WIRED AFTER the engine's scoring
 * functions land (quiz-engine step 2); until then a regrade is refused rather than guessed.
 */
export const regradeScore: ScoreFraction = () => {
  throw new Error('regrade scoring is not wired to the quiz engine yet');
};
