import { error } from '@sveltejs/kit';

/** The question's number from the address: 1..count, else 404. */
export function positionOf(raw: string, count: number): number {
  const position = /^\d{1,4}$/.test(raw) ? Number(raw) : 0;
  if (position < 1 || position > count) error(404, 'Question not found');
  return position;
}
