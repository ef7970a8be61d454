/**
 * Resume links: the Continue links write the saved position into ?resume=, the lesson page reads
 * it back. Kept apart from the reading tracker so pages that only link or read the address do not
 * load the tracker.
 */

/** Rounds a position to what is worth storing: 3 decimals, within 0..1. */
export function clampPosition(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/** `?resume=` as the Continue links write it: a position, or null when absent or not one. */
export function resumeParam(url: URL): number | null {
  const raw = url.searchParams.get('resume');
  if (raw === null || !/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/.test(raw)) return null;
  return Number(raw);
}

/** The lesson page's address, at the saved position when there is one worth going back to. */
export function lessonResumeHref(courseSlug: string, lessonId: string, position: number | null | undefined): string {
  const base = `/courses/${encodeURIComponent(courseSlug)}/lessons/${encodeURIComponent(lessonId)}`;
  if (position === null || position === undefined || !Number.isFinite(position) || position <= 0) return base;
  return `${base}?resume=${clampPosition(position)}`;
}
