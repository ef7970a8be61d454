/**
 * A set of learners named in SQL by the module that owns them (a cohort's members: the cohorts
 * module), so that the assessment module can join its attempts on them inside one query, whatever
 * the set's size, without reading another module's tables or being handed thousands of ids.
 *
 * `sql(bind)` returns a subquery of one column of user ids; `bind(value)` returns the placeholder
 * under which the value is passed ($n of the query the subquery is put in): values are never
 * spliced into the text.
 */
export interface LearnerSet {
  sql(bind: (value: unknown) => string): string;
}
