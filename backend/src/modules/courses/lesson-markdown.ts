import { Marked, type RendererObject, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Lesson bodies are Markdown written in backend/content. They are rendered on the server and the
 * result is sanitised with an allow-list, so whatever reaches the browser is inert: no scripts,
 * no event handlers, no styles, no javascript:/data: URLs, no SVG or MathML, no frames.
 *
 * Two layers, on purpose: the renderer never passes raw HTML through (it is shown as text), and
 * the sanitiser would remove anything executable even if the renderer let it through.
 */

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** GitHub-style heading ids, unique within one document (a second "Reflect" gets "reflect-1"). */
export class HeadingSlugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): string {
    const base =
      text
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/&[a-z0-9#]+;/g, '')
        .replace(/[^a-z0-9\s-]/g, '')
        .trim()
        .replace(/[\s-]+/g, '-')
        .replace(/^-|-$/g, '') || 'section';
    const count = this.seen.get(base) ?? 0;
    this.seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  }
}

function renderer(slugger: HeadingSlugger): RendererObject {
  return {
    // Raw HTML in a lesson is shown as text, never interpreted.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    // The lesson title is the page's h1: body headings start at h2.
    heading({ tokens, depth }: Tokens.Heading) {
      const level = Math.min(6, Math.max(2, depth));
      const text = this.parser.parseInline(tokens, this.parser.textRenderer);
      return `<h${level} id="${slugger.slug(text)}">${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    // Tables scroll inside a focusable, named region on narrow screens; header cells are column headers.
    table(token: Tokens.Table) {
      const cell = (c: Tokens.TableCell) =>
        c.header ? `<th scope="col">${this.parser.parseInline(c.tokens)}</th>` : `<td>${this.parser.parseInline(c.tokens)}</td>`;
      const head = `<tr>${token.header.map(cell).join('')}</tr>`;
      const body = token.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
      return (
        `<div class="table-wrapper" role="region" aria-label="Table" tabindex="0">` +
        `<table>\n<thead>${head}</thead>\n${body ? `<tbody>${body}</tbody>\n` : ''}</table></div>\n`
      );
    },
  };
}

const HEADINGS = ['h2', 'h3', 'h4', 'h5', 'h6'];

/** Images only from our own uploads (POST /api/authoring/images): never another origin, never data: URLs. */
export const UPLOADED_IMAGE_SRC = /^\/api\/uploads\/[a-f0-9]{32}\.(png|jpg|webp|gif)$/;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...HEADINGS,
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'blockquote',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'a',
    'div',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
  ],
  allowedAttributes: {
    ...Object.fromEntries(HEADINGS.map((h) => [h, ['id']])),
    a: ['href', 'title', 'rel'],
    ol: ['start'],
    th: ['scope'],
    div: ['class', 'role', 'aria-label', 'tabindex'],
    code: ['class'],
    img: ['src', 'alt', 'title'],
  },
  allowedClasses: { div: ['table-wrapper'], code: [/^language-[a-z0-9-]+$/] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === 'img' && !UPLOADED_IMAGE_SRC.test(frame.attribs.src ?? ''),
  // Disallowed tags go, their text stays; script, style and the like go with their content.
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'svg', 'math', 'template', 'object', 'embed'],
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^https?:/i.test(href);
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : { ...attribs } };
    },
  },
};

/** Markdown -> sanitised HTML, ready to insert into a page. */
export function renderLessonHtml(markdown: string): string {
  const marked = new Marked({ gfm: true, breaks: false, async: false, renderer: renderer(new HeadingSlugger()) });
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, SANITIZE);
}

/** The sanitiser alone, for tests that feed it HTML directly. */
export function sanitizeLessonHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

export interface MarkdownProblem {
  /** 0-based line within the Markdown text. */
  line: number;
  message: string;
}

/**
 * What the content validator refuses in a lesson body: raw HTML (use Markdown), level-1 headings
 * (the lesson title is the page's h1), images (not supported yet) and links that are not
 * https:, http:, mailto: or in-page anchors.
 */
export function lintLessonMarkdown(markdown: string): MarkdownProblem[] {
  const marked = new Marked({ gfm: true });
  const problems: MarkdownProblem[] = [];
  const lineOf = (raw: string) => {
    const at = markdown.indexOf(raw);
    return at < 0 ? 0 : markdown.slice(0, at).split('\n').length - 1;
  };
  // The callback is synchronous: walkTokens returns no promise to wait for.
  void marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    switch (token.type) {
      case 'html':
        problems.push({ line: lineOf(token.raw), message: `raw HTML is not allowed in a lesson, use Markdown: ${token.raw.trim().slice(0, 40)}` });
        break;
      case 'heading':
        if (token.depth === 1) problems.push({ line: lineOf(token.raw), message: 'use "##" or deeper headings: the lesson title is the level-1 heading' });
        break;
      case 'image':
        problems.push({ line: lineOf(token.raw), message: 'images are not supported in lessons yet' });
        break;
      case 'link': {
        const href = String(token.href);
        if (!/^(https?:\/\/|mailto:|#)/i.test(href)) {
          problems.push({ line: lineOf(token.raw), message: `link "${href.slice(0, 60)}" must start with https://, http://, mailto: or #` });
        }
        break;
      }
      default:
        break;
    }
  });
  return problems;
}
