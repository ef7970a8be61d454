import { Injectable } from '@nestjs/common';
import { assertOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { ItemAnalysisDto, ItemAnalysisQueryDto, ItemAnalysisQuestionDto, OptionFrequencyDto } from './item-analysis.dto.js';
import { ItemAnalysisRepository, type AnalysisQuestionRow } from './item-analysis.repository.js';
import { analyseItems, flagReasonsOf, MIN_RESPONSES_TO_FLAG, round, type AnalysedAttempt, type ItemAnswer, type OptionCount } from './item-statistics.js';
import type { LearnerSet } from './learner-set.js';

export const ANALYSIS_METHOD =
  'Each learner’s first submitted attempt. Facility: mean score as a fraction of the points. Discrimination: Pearson (point-biserial for right/wrong questions) correlation of the question’s score with the score on the rest of the attempt. Flagged for review (from ' +
  `${MIN_RESPONSES_TO_FLAG} responses): the strongest 27% by the rest of the attempt got it wrong more often than right, or the discrimination is negative.`;

export const SET_ANALYSIS_METHOD = `${ANALYSIS_METHOD} Counted over every such learner of the group (no cap). Most chosen wrong answer: the option (or pair, or position) chosen most often that is not (part of) the right answer by the current key; none for numeric and short-text questions.`;

/** The item analysis of a set of learners (a cohort): the quiz, the learners counted, and the questions' figures unless too few learners. */
export interface LearnerSetAnalysis {
  quizId: string;
  quizTitle: string;
  learners: number;
  /** Fewer learners than asked for: no figure per question is given (`questions` is empty). */
  tooFewLearners: boolean;
  method: string;
  questions: (ItemAnalysisQuestionDto & { mostChosenWrong: OptionFrequencyDto | null })[];
}

/** What an option key reads as, from the question's current wording. */
export function labelOf(key: string, q: Pick<AnalysisQuestionRow, 'type' | 'definition'> | undefined): string {
  if (!q) return key;
  const text = (list: { id: string; text: string }[] | undefined, id: string) => list?.find((c) => c.id === id)?.text ?? id;
  switch (q.type) {
    case 'single':
    case 'multiple':
      return text(q.definition.options, key);
    case 'true_false':
      return key === 'true' ? 'True' : key === 'false' ? 'False' : key;
    case 'matching': {
      const [item, choice] = key.split('→');
      return `${text(q.definition.items, item ?? '')} → ${text(q.definition.choices, choice ?? '')}`;
    }
    case 'ordering': {
      const [item, position] = key.split('@');
      return `${text(q.definition.items, item ?? '')} in position ${position}`;
    }
    default:
      return key;
  }
}

/** Whether a key is (part of) the right answer, by the current key. */
export function isCorrect(key: string, q: Pick<AnalysisQuestionRow, 'type' | 'answerKey'> | undefined): boolean | null {
  if (!q) return null;
  const k = q.answerKey;
  switch (q.type) {
    case 'single':
      return k.optionId === key;
    case 'multiple':
      return (k.optionIds ?? []).includes(key);
    case 'true_false':
      return String(k.value) === key;
    case 'matching': {
      const [item, choice] = key.split('→');
      return k.pairs?.[item ?? ''] === choice;
    }
    case 'ordering': {
      const [item, position] = key.split('@');
      return (k.order ?? []).indexOf(item ?? '') + 1 === Number(position);
    }
    default:
      return null;
  }
}

/**
 * Item analysis for trainers: platform admins for every learner (or one organisation's); org
 * admins and trainers for their own organisation's learners only (the organisation is then
 * required: 404 for a non-member, 403 for a learner). Cohorts (issue 12) do not exist yet, so
 * there is no cohort filter.
 */
@Injectable()
export class ItemAnalysisService {
  constructor(
    private readonly repository: ItemAnalysisRepository,
    private readonly memberships: MembershipReader,
  ) {}

  async analyse(actor: Actor, quizId: string, query: ItemAnalysisQueryDto): Promise<ItemAnalysisDto> {
    const organisationId = query.organisationId ?? null;
    if (!actor.isPlatformAdmin) {
      if (!organisationId) {
        throw DomainError.validation([{ field: 'organisationId', reasons: ['is required: you may see your own organisation’s learners only'] }]);
      }
      assertOrgRole(await this.memberships.roleOf(actor.userId, organisationId), 'trainer', 'Only trainers and org admins may see item analysis');
    } else if (organisationId && !(await this.memberships.organisationExists(organisationId))) {
      throw DomainError.notFound('Organisation');
    }
    const quiz = await this.repository.findQuiz(quizId);
    // Another organisation's tailored course's quiz is not there for this organisation.
    if (!quiz || (quiz.courseOrganisationId && !actor.isPlatformAdmin && quiz.courseOrganisationId !== organisationId)) throw DomainError.notFound('Quiz');

    const { rows, attempts, truncated } = await this.repository.items(quizId, organisationId);
    const byAttempt = new Map<string, AnalysedAttempt>();
    for (const r of rows) {
      const a = byAttempt.get(r.attemptId) ?? { attemptId: r.attemptId, items: [] };
      a.items.push({ questionId: r.questionId, type: r.type, score: r.score, maxScore: r.maxScore, answer: r.answer as ItemAnswer | null });
      byAttempt.set(r.attemptId, a);
    }
    const stats = analyseItems([...byAttempt.values()]);
    const questions = new Map((await this.repository.questions(stats.map((s) => s.questionId))).map((q) => [q.id, q]));
    const option = (o: OptionCount, q: AnalysisQuestionRow | undefined): OptionFrequencyDto => ({
      key: o.key,
      label: labelOf(o.key, q),
      count: o.count,
      share: o.share,
      correct: actor.isPlatformAdmin ? isCorrect(o.key, q) : null,
    });
    return {
      quizId: quiz.id,
      quizTitle: quiz.title,
      organisationId,
      learners: attempts,
      truncated,
      method: ANALYSIS_METHOD,
      questions: stats.map((s) => {
        const q = questions.get(s.questionId);
        return {
          questionId: s.questionId,
          slug: q?.slug ?? '',
          type: q?.type ?? '',
          prompt: q?.prompt ?? '',
          responses: s.responses,
          unanswered: s.unanswered,
          facility: s.facility,
          discrimination: s.discrimination,
          upperFacility: s.upperFacility,
          flaggedForReview: s.flaggedForReview,
          flagReasons: s.flagReasons,
          options: s.optionCounts.map((o) => option(o, q)),
          source: q?.source ?? { publication: '', passage: '' },
        };
      }),
    };
  }

  /**
   * The item analysis of a set of learners named by its owner (a cohort's members, through
   * LearnerSet), for a quiz of one of the given courses (null: it is not one of theirs). The
   * figures are aggregated in SQL, one row per question, so a set of 10,000 learners costs one
   * query and no per-learner work here. With fewer than `minLearners` learners who submitted, no
   * per-question figure is given: the caller says why. `revealCorrect`: whether each option says
   * if it is right (as `analyse`: platform admins); the most chosen wrong answer is given to every
   * caller the owner lets in (docs/cohorts.md says why).
   */
  async analyseLearnerSet(input: {
    quizId: string;
    courseIds: string[];
    learners: LearnerSet;
    minLearners: number;
    revealCorrect: boolean;
  }): Promise<LearnerSetAnalysis | null> {
    const quiz = await this.repository.quizOfCourses(input.quizId, input.courseIds);
    if (!quiz) return null;
    const learners = await this.repository.setLearners(quiz.id, input.learners);
    const base = { quizId: quiz.id, quizTitle: quiz.title, learners, method: SET_ANALYSIS_METHOD };
    if (learners < input.minLearners) return { ...base, tooFewLearners: true, questions: [] };
    const figures = await this.repository.setFigures(quiz.id, input.learners);
    const questions = new Map((await this.repository.questions(figures.map((f) => f.questionId))).map((q) => [q.id, q]));
    return {
      ...base,
      tooFewLearners: false,
      questions: figures.map((f) => {
        const q = questions.get(f.questionId);
        const options = f.options.map((o) => ({ ...o, label: labelOf(o.key, q), share: round(o.count / f.responses)!, right: isCorrect(o.key, q) }));
        const wrong = options.find((o) => o.right === false);
        const upperFacility = round(f.upperFacility);
        const discrimination = round(f.discrimination);
        const flagReasons = flagReasonsOf(f.responses, upperFacility, discrimination);
        const dto = ({ right, ...o }: (typeof options)[number], reveal: boolean): OptionFrequencyDto => ({ ...o, correct: reveal ? right : null });
        return {
          questionId: f.questionId,
          slug: q?.slug ?? '',
          type: q?.type ?? f.type,
          prompt: q?.prompt ?? '',
          responses: f.responses,
          unanswered: f.unanswered,
          facility: round(f.facility),
          discrimination,
          upperFacility,
          flaggedForReview: flagReasons.length > 0,
          flagReasons,
          options: options.map((o) => dto(o, input.revealCorrect)),
          // It is wrong by definition: saying so is what the trainer asked for.
          mostChosenWrong: wrong ? dto(wrong, true) : null,
          source: q?.source ?? { publication: '', passage: '' },
        };
      }),
    };
  }
}
