/** Choosing and ordering a course's modules in a form that works without JavaScript. */

/** What a module button asks for: `up:2`, `down:0`, `remove:1` (indexes), or `add`. */
export type ModuleOp = { kind: 'up' | 'down' | 'remove'; index: number } | { kind: 'add' };

export function parseModuleOp(value: string): ModuleOp | null {
  if (value === 'add') return { kind: 'add' };
  const match = /^(up|down|remove):(\d{1,3})$/.exec(value);
  if (!match) return null;
  return { kind: match[1] as 'up' | 'down' | 'remove', index: Number(match[2]) };
}

/** Applies one change to the ordered slugs; anything out of range leaves the list as it was. */
export function applyModuleOp(slugs: readonly string[], op: ModuleOp, added = ''): string[] {
  const next = [...slugs];
  if (op.kind === 'add') {
    if (added && !next.includes(added)) next.push(added);
    return next;
  }
  const { index } = op;
  if (index < 0 || index >= next.length) return next;
  if (op.kind === 'remove') {
    next.splice(index, 1);
  } else {
    const target = op.kind === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= next.length) return next;
    [next[index], next[target]] = [next[target]!, next[index]!];
  }
  return next;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The ordered, de-duplicated module slugs a course form posted (hidden inputs named `moduleSlugs`). */
export function postedModuleSlugs(data: FormData): string[] {
  const out: string[] = [];
  for (const value of data.getAll('moduleSlugs')) {
    if (typeof value !== 'string') continue;
    const slug = value.trim();
    if (SLUG.test(slug) && !out.includes(slug)) out.push(slug);
  }
  return out;
}

/** "One per line" text to a list, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
