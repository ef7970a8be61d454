/**
 * Helpers for asserting on Svelte SSR output in a plain Node environment
 * (no DOM available). Svelte always double-quotes attribute values, which
 * keeps these small regular expressions reliable for our own components.
 */
import { createRawSnippet, type Component, type Snippet } from 'svelte';
import { render } from 'svelte/server';

export interface Tag {
  name: string;
  attrs: Record<string, string>;
}

/** Renders a component and strips Svelte's hydration comments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderHtml<P extends Record<string, any>>(component: Component<P>, props: P): string {
  return render(component, { props }).body.replace(/<!--[\s\S]*?-->/g, '');
}

/** The <svelte:head> output (e.g. the page's <title>), hydration comments stripped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderHead<P extends Record<string, any>>(component: Component<P>, props: P): string {
  return render(component, { props }).head.replace(/<!--[\s\S]*?-->/g, '');
}

/** The text of the page's <title>. */
export function titleOf(head: string): string {
  return textOf(/<title>([\s\S]*?)<\/title>/.exec(head)?.[1] ?? '');
}

/** A snippet rendering fixed HTML, for children/footer props. */
export function html(markup: string): Snippet {
  return createRawSnippet(() => ({ render: () => markup }));
}

/** A snippet with one argument, e.g. a DataTable cell. */
export function html1<T>(markup: (arg: T) => string): Snippet<[T]> {
  return createRawSnippet((arg: () => T) => ({ render: () => markup(arg()) }));
}

export function findTags(markup: string, name: string): Tag[] {
  const tags: Tag[] = [];
  const tagPattern = new RegExp(`<${name}\\b([^>]*)>`, 'gi');
  for (const match of markup.matchAll(tagPattern)) {
    const attrs: Record<string, string> = {};
    for (const attr of (match[1] ?? '').matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      attrs[attr[1]!] = attr[2] ?? '';
    }
    tags.push({ name, attrs });
  }
  return tags;
}

export function findTag(markup: string, name: string): Tag {
  const tag = findTags(markup, name)[0];
  if (!tag) throw new Error(`No <${name}> in: ${markup}`);
  return tag;
}

/** The first `<name>` whose `attr` equals `value`, e.g. a div with role="progressbar". */
export function findTagWith(markup: string, name: string, attr: string, value: string): Tag {
  const tag = findTags(markup, name).find((t) => t.attrs[attr] === value);
  if (!tag) throw new Error(`No <${name} ${attr}="${value}"> in: ${markup}`);
  return tag;
}

/** The text content of the element carrying `id`, tags stripped and whitespace collapsed. */
export function textOfId(markup: string, id: string): string {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(markup);
  if (!match) throw new Error(`No element with id="${id}" in: ${markup}`);
  return textOf(match[2] ?? '');
}

export function textOf(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Heading levels in document order, e.g. [1, 2, 3, 3, 2]. */
export function headingLevels(markup: string): number[] {
  return [...markup.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
}

/** True when there is exactly one h1, it comes first, and no level is skipped on the way down. */
export function headingsInOrder(markup: string): boolean {
  const levels = headingLevels(markup);
  if (levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) return false;
  return levels.every((level, i) => i === 0 || level <= (levels[i - 1] ?? 0) + 1);
}
