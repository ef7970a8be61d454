/** Fixed slots count their live question; a random draw counts what it can draw (at most draw_count). */
export const QUESTION_COUNT_SQL = (quiz: string) => `
  (SELECT coalesce(sum(CASE WHEN s.question_id IS NOT NULL THEN (CASE WHEN fq.retired_at IS NULL THEN 1 ELSE 0 END)
                            ELSE least(s.draw_count, (SELECT count(*) FROM questions t
                                                        WHERE t.module_id = ${quiz}.module_id AND t.retired_at IS NULL AND s.tag = ANY(t.tags)
                                                          AND NOT EXISTS (SELECT 1 FROM quiz_slots f WHERE f.quiz_id = s.quiz_id AND f.question_id = t.id)))
                       END), 0)::int
     FROM quiz_slots s LEFT JOIN questions fq ON fq.id = s.question_id
    WHERE s.quiz_id = ${quiz}.id)`;
