import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { HeadingSlugger, lintLessonMarkdown, renderLessonHtml, sanitizeLessonHtml, UPLOADED_IMAGE_SRC } from './lesson-markdown.js';
import { XSS_CORPUS } from '../../../test/support/xss-corpus.js';

interface Element {
  tag: string;
  attribs: Record<string, string>;
}

/** Every element of an HTML fragment, attributes entity-decoded, as a browser would see them. */
function elementsOf(html: string): Element[] {
  const found: Element[] = [];
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    // Report every URL as written: no scheme filtering in the checker.
    allowedSchemesAppliedToAttributes: [],
    exclusiveFilter: (frame) => {
      found.push({ tag: frame.tag, attribs: { ...frame.attribs } });
      return false;
    },
  });
  return found;
}

const ALLOWED_TAGS = new Set([
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
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
]);

/** What a browser would treat as the URL's scheme: control characters and spaces are ignored. */
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const schemeOf = (url: string) => /^([a-z][a-z0-9+.-]*):/.exec(url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase())?.[1];

/**
 * Fails when anything in the HTML could run script, load a resource from elsewhere, or restyle
 * the page. The one resource allowed: an <img> of our own uploads, with src, alt and title only.
 */
function expectInert(html: string, payload: string): void {
  const context = `payload ${JSON.stringify(payload)} rendered as ${JSON.stringify(html)}`;
  expect(html, context).not.toMatch(/<\s*\/?\s*(script|svg|math|iframe|frame|object|embed|style|link|meta|base|form|input|button|template|noscript)\b/i);
  for (const el of elementsOf(html)) {
    if (el.tag === 'img') {
      expect(el.attribs.src, `${context}: <img src>`).toMatch(UPLOADED_IMAGE_SRC);
      expect(
        Object.keys(el.attribs).every((a) => ['src', 'alt', 'title'].includes(a)),
        `${context}: <img> attributes`,
      ).toBe(true);
      continue;
    }
    expect(ALLOWED_TAGS.has(el.tag), `${context}: <${el.tag}>`).toBe(true);
    for (const [name, value] of Object.entries(el.attribs)) {
      expect(name, context).not.toMatch(/^on/i);
      expect(['style', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data']).not.toContain(name.toLowerCase());
      if (name === 'href') {
        const scheme = schemeOf(value);
        if (scheme !== undefined) expect(['http', 'https', 'mailto'], `${context}: href=${value}`).toContain(scheme);
      }
    }
  }
}

// One corpus for the unit and integration tiers (test/support/xss-corpus.ts).

describe('the inertness check itself', () => {
  it.each([
    '<script>alert(1)</script>',
    '<p onclick="alert(1)">x</p>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html,x">x</a>',
    '<p style="color:red">x</p>',
    '<span>not allowed</span>',
  ])('flags %s, so a passing corpus means something', (html) => {
    expect(() => expectInert(html, html)).toThrow();
  });
});

describe('renderLessonHtml: nothing executable survives', () => {
  it.each(XSS_CORPUS)('neutralises %s', (payload) => {
    expectInert(renderLessonHtml(payload), payload);
  });

  it.each(XSS_CORPUS)('the sanitiser alone also neutralises %s as raw HTML', (payload) => {
    expectInert(sanitizeLessonHtml(payload), payload);
  });

  it('keeps the text of raw HTML visible, escaped, instead of interpreting it', () => {
    const html = renderLessonHtml('Before <script>alert(1)</script> after');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Before');
  });

  it('keeps safe links, marking external ones noopener noreferrer nofollow', () => {
    const html = renderLessonHtml('[ILO](https://example.org/report) and [email](mailto:info@example.org) and [up](#key-findings)');
    expect(html).toContain('<a href="https://example.org/report" rel="noopener noreferrer nofollow">ILO</a>');
    expect(html).toContain('<a href="mailto:info@example.org">email</a>');
    expect(html).toContain('<a href="#key-findings">up</a>');
  });

  it('drops a dangerous href but keeps the link text', () => {
    expect(renderLessonHtml('[read this](javascript:alert(1))')).toBe('<p><a>read this</a></p>\n');
  });
});

describe('renderLessonHtml: structure', () => {
  it('gives headings ids, starting at h2 because the lesson title is the h1', () => {
    const html = renderLessonHtml('# Top\n\n## Key findings: norms & mediums\n\n### Reflect');
    expect(html).toContain('<h2 id="top">Top</h2>');
    expect(html).toContain('<h2 id="key-findings-norms-mediums">Key findings: norms &amp; mediums</h2>');
    expect(html).toContain('<h3 id="reflect">Reflect</h3>');
  });

  it('keeps heading ids unique within a lesson', () => {
    const html = renderLessonHtml('## Reflect\n\ntext\n\n## Reflect');
    expect(html).toContain('<h2 id="reflect">');
    expect(html).toContain('<h2 id="reflect-1">');
  });

  it('wraps tables in a focusable region and marks header cells as column headers', () => {
    const html = renderLessonHtml('| Part | In a word |\n| :--- | ---: |\n| Prevention | before |\n| Remedies | after |');
    expect(html).toBe(
      '<div class="table-wrapper" role="region" aria-label="Table" tabindex="0"><table>\n' +
        '<thead><tr><th scope="col">Part</th><th scope="col">In a word</th></tr></thead>\n' +
        '<tbody><tr><td>Prevention</td><td>before</td></tr>\n<tr><td>Remedies</td><td>after</td></tr></tbody>\n' +
        '</table></div>\n',
    );
  });

  it('keeps lists, emphasis, quotes and code', () => {
    const html = renderLessonHtml('- **bold** and *em*\n- ~~old~~\n\n> quoted\n\n3. three\n4. four\n\n`code`');
    expect(html).toContain('<ul>\n<li><strong>bold</strong> and <em>em</em></li>\n<li><del>old</del></li>\n</ul>');
    expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(html).toContain('<ol start="3">');
    expect(html).toContain('<code>code</code>');
  });
});

describe('HeadingSlugger', () => {
  it('lowercases, drops accents and punctuation, and joins words with dashes', () => {
    const s = new HeadingSlugger();
    expect(s.slug('Context and purpose: why?')).toBe('context-and-purpose-why');
    expect(s.slug('Déjà vu — encore')).toBe('deja-vu-encore');
    expect(s.slug('!!!')).toBe('section');
  });
});

describe('lintLessonMarkdown', () => {
  it('accepts plain Markdown with safe links', () => {
    expect(lintLessonMarkdown('## Title\n\nText with [a link](https://example.org) and [anchor](#x).\n\n- item')).toEqual([]);
  });

  it('reports raw HTML, level-1 headings, images and unsafe links with their line', () => {
    const problems = lintLessonMarkdown('## Fine\n\n<div>raw</div>\n\n# Big\n\n![img](https://example.org/x.png)\n\n[x](javascript:alert(1))');
    expect(problems).toEqual([
      { line: 2, message: expect.stringContaining('raw HTML is not allowed') },
      { line: 4, message: expect.stringContaining('use "##" or deeper headings') },
      { line: 6, message: 'images are not supported in lessons yet' },
      { line: 8, message: expect.stringContaining('link "javascript:alert(1)" must start with https://') },
    ]);
  });
});

describe('images in lessons', () => {
  const upload = `/api/uploads/${'0123456789abcdef'.repeat(2)}.png`;

  it('keeps an image from our uploads, with its alt text', () => {
    expect(renderLessonHtml(`![A chart](${upload})`)).toBe(`<p><img src="${upload}" alt="A chart" /></p>\n`);
  });

  it('drops images from anywhere else, and look-alike paths', () => {
    for (const src of [
      'https://evil.example/x.png',
      '//evil.example/x.png',
      `${upload}?x=1`,
      '/api/uploads/../secret.png',
      `/api/uploads/${'a'.repeat(32)}.svg`,
    ]) {
      expect(renderLessonHtml(`![x](${src})`), src).not.toContain('<img');
    }
  });
});
