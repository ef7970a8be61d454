import type { components } from '#lib/api/schema.js';

type AuthoredCourse = components['schemas']['AuthoredCourseDto'];

/** A course as the course form shows it (also usable in the browser, unlike #lib/server). */
export function courseInitial(course: AuthoredCourse): { values: Record<string, string>; modules: string[] } {
  return {
    values: {
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      audience: course.audience,
      objectives: course.objectives.join('\n'),
      passMark: String(course.passMark),
      defaultDuePeriodDays: course.defaultDuePeriodDays === null ? '' : String(course.defaultDuePeriodDays),
      publishedTo: course.publishedTo ?? '',
      revision: course.revision
    },
    modules: [...course.modules].sort((a, b) => a.position - b.position).map((m) => m.slug)
  };
}
