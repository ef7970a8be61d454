/** Where the quiz pages live. */
const seg = encodeURIComponent;

export const quizPath = (quizId: string) => `/quizzes/${seg(quizId)}`;
export const attemptPath = (quizId: string, attemptId: string) => `${quizPath(quizId)}/attempts/${seg(attemptId)}`;
export const questionPath = (quizId: string, attemptId: string, position: number) => `${attemptPath(quizId, attemptId)}/questions/${position}`;
export const summaryPath = (quizId: string, attemptId: string) => `${attemptPath(quizId, attemptId)}/summary`;
export const reviewPath = (quizId: string, attemptId: string) => `${attemptPath(quizId, attemptId)}/review`;
/** The autosave endpoint (PUT answers, GET the attempt after a conflict). */
export const answersPath = (quizId: string, attemptId: string) => `${attemptPath(quizId, attemptId)}/answers`;
