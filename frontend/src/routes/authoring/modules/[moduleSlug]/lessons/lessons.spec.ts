import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf, textOfId } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions: newActions } = await import('./new/+page.server');
const { actions: editActions } = await import('./[lessonId]/+page.server');
const { default: NewLessonPage } = await import('./new/+page.svelte');
const { default: LessonEditor } = await import('./LessonEditor.svelte');

const admin = { ...user, isPlatformAdmin: true };
const LESSON_ID = '44444444-4444-4444-8444-444444444444';
type Run = (event: never) => Promise<unknown>;
const run = (fn: unknown) => fn as Run;

const lessonForm = {
  title: 'Recognising indicators',
  slug: 'recognising-indicators',
  estimatedMinutes: '12',
  objectives: 'Name three indicators\nSay where to report',
  contentNote: '',
  bodyMarkdown: '# Hello\n\nSome **text**.',
  sourcePublication: 'walk-free-2023',
  sourcePassage: 'an exact passage'
};

function post(action: string, form: Record<string, string>, who = admin) {
  return fakeEvent({
    url: `/authoring/modules/indicators/lessons/new?/${action}`,
    form,
    user: who,
    params: { moduleSlug: 'indicators' }
  });
}

/** A multipart post carrying a file, as the browser sends the "Upload image" button. */
function postFile(file: File, who = admin) {
  const event = post('upload', lessonForm, who);
  const body = new FormData();
  for (const [key, value] of Object.entries(lessonForm)) body.set(key, value);
  body.set('file', file);
  return { ...event, request: new Request(event.url, { method: 'POST', body }) };
}

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('lesson save', () => {
  it('refuses non-admins with 403 before calling the API', async () => {
    expect(await thrown(() => run(newActions.save)(post('save', lessonForm, user) as never))).toMatchObject({ status: 403 });
    expect(api.client.POST).not.toHaveBeenCalled();
  });

  it('creates the lesson with objectives one per line and its source, then opens it', async () => {
    api.client.POST.mockResolvedValue(apiOk({ id: LESSON_ID }, 201));
    const result = await thrown(() => run(newActions.save)(post('save', lessonForm) as never));
    expect(result).toMatchObject({ status: 303, location: `/authoring/modules/indicators/lessons/${LESSON_ID}?created=1` });
    expect(api.client.POST).toHaveBeenCalledWith('/api/authoring/modules/{moduleSlug}/lessons', {
      params: { path: { moduleSlug: 'indicators' } },
      body: {
        slug: 'recognising-indicators',
        title: 'Recognising indicators',
        estimatedMinutes: 12,
        objectives: ['Name three indicators', 'Say where to report'],
        contentNote: undefined,
        bodyMarkdown: '# Hello\n\nSome **text**.',
        sources: [{ publication: 'walk-free-2023', passage: 'an exact passage' }]
      }
    });
  });

  it('checks the form before asking the API', async () => {
    const result = await run(newActions.save)(post('save', { ...lessonForm, title: '', estimatedMinutes: '0', sourcePassage: '' }) as never);
    expect(result).toMatchObject({
      status: 400,
      data: {
        errors: {
          title: 'Enter a title',
          estimatedMinutes: 'Enter the estimated minutes, a whole number from 1 to 600',
          sources: 'Each source needs both a publication and a passage'
        }
      }
    });
    expect(api.client.POST).not.toHaveBeenCalled();
  });

  it('maps the API field errors (nested sources too) onto the controls and keeps what was typed', async () => {
    api.client.PATCH.mockResolvedValue(
      apiValidation({
        'sources.0.passage': ['The passage does not occur in the source text of walk-free-2023'],
        title: ['title must be shorter than or equal to 200 characters']
      })
    );
    const event = fakeEvent({
      url: `/authoring/modules/indicators/lessons/${LESSON_ID}?/save`,
      form: lessonForm,
      user: admin,
      params: { moduleSlug: 'indicators', lessonId: LESSON_ID }
    });
    const result = await run(editActions.save)(event as never);
    expect(result).toMatchObject({
      status: 400,
      data: {
        values: { title: 'Recognising indicators', bodyMarkdown: '# Hello\n\nSome **text**.' },
        errors: { sources: 'The passage does not occur in the source text of walk-free-2023', title: 'Title must be 200 characters or fewer' }
      }
    });
  });

  it('saves with the revision the editor loaded as If-Match, and carries the saved one on', async () => {
    const [loaded, saved] = ['d'.repeat(64), 'e'.repeat(64)];
    api.client.PATCH.mockResolvedValue(apiOk({ id: LESSON_ID, html: '<p>x</p>', revision: saved }));
    const event = fakeEvent({
      url: `/authoring/modules/indicators/lessons/${LESSON_ID}?/save`,
      form: { ...lessonForm, revision: loaded },
      user: admin,
      params: { moduleSlug: 'indicators', lessonId: LESSON_ID }
    });
    const result = await run(editActions.save)(event as never);
    expect(api.client.PATCH).toHaveBeenCalledWith(
      '/api/authoring/lessons/{lessonId}',
      expect.objectContaining({
        params: { path: { lessonId: LESSON_ID }, header: { 'If-Match': `"${loaded}"` } }
      })
    );
    expect(result).toMatchObject({ success: 'Lesson saved.', values: { revision: saved, title: 'Recognising indicators' } });
  });

  it('puts a taken slug (409) on the slug field', async () => {
    api.client.POST.mockResolvedValue(apiFail(409, 'CONFLICT', 'This module has a lesson with this slug'));
    const result = await run(newActions.save)(post('save', lessonForm) as never);
    expect(result).toMatchObject({ status: 409, data: { errors: { slug: 'This module has a lesson with this slug' } } });
  });
});

describe('lesson preview without JavaScript', () => {
  it('renders the body through the API and answers everything typed', async () => {
    api.client.POST.mockResolvedValue(apiOk({ html: '<h1>Hello</h1><p>Some <strong>text</strong>.</p>' }));
    const result = await run(newActions.preview)(post('preview', lessonForm) as never);
    expect(api.client.POST).toHaveBeenCalledWith('/api/authoring/preview', { body: { markdown: '# Hello\n\nSome **text**.' } });
    expect(result).toMatchObject({
      previewHtml: '<h1>Hello</h1><p>Some <strong>text</strong>.</p>',
      values: { title: 'Recognising indicators' },
      sources: [{ publication: 'walk-free-2023', passage: 'an exact passage' }]
    });
  });

  it('says when previews are rate limited', async () => {
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many previews; wait a moment', undefined, { 'retry-after': '30' }));
    const result = await run(newActions.preview)(post('preview', lessonForm) as never);
    expect(result).toMatchObject({ status: 429, data: { problem: 'Too many attempts. Wait 1 minute, then try again.' } });
  });
});

describe('image upload', () => {
  const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'diagram.png', { type: 'image/png' });

  it('forwards the file as multipart and offers the Markdown snippet', async () => {
    api.client.POST.mockResolvedValue(apiOk({ file: 'abc.png', url: '/api/uploads/abc.png', contentType: 'image/png', size: 4 }, 201));
    const result = await run(newActions.upload)(postFile(png()) as never);
    const [path, init] = api.client.POST.mock.calls[0]! as [string, { bodySerializer: () => FormData }];
    expect(path).toBe('/api/authoring/images');
    const sent = init.bodySerializer();
    expect(sent.get('file')).toBeInstanceOf(File);
    expect(result).toMatchObject({ snippet: '![diagram](/api/uploads/abc.png)', values: { title: 'Recognising indicators' } });
  });

  it('puts 415 (wrong type) on the file field', async () => {
    api.client.POST.mockResolvedValue(apiFail(415, 'UNSUPPORTED_MEDIA_TYPE', 'Only PNG, JPEG, WebP and GIF images are accepted'));
    const result = await run(newActions.upload)(postFile(png()) as never);
    expect(result).toMatchObject({
      status: 415,
      data: { errors: { file: 'The file must be a PNG, JPEG, WebP or GIF image' }, values: { bodyMarkdown: lessonForm.bodyMarkdown } }
    });
  });

  it('puts 413 (too large) on the file field', async () => {
    api.client.POST.mockResolvedValue(apiFail(413, 'PAYLOAD_TOO_LARGE', 'Images may be at most 2 MB'));
    const result = await run(newActions.upload)(postFile(png()) as never);
    expect(result).toMatchObject({ status: 413, data: { errors: { file: 'The image must be 2 MB or smaller' } } });
  });

  it('says how full the storage is when the quota is reached (413 STORAGE_QUOTA_EXCEEDED)', async () => {
    const message = 'The platform’s image storage is full: 999.5 MB of 1000 MB used, and this image needs 1.2 MB. Ask an administrator to raise the quota.';
    api.client.POST.mockResolvedValue(apiFail(413, 'STORAGE_QUOTA_EXCEEDED', message));
    const result = await run(newActions.upload)(postFile(png()) as never);
    expect(result).toMatchObject({ status: 413, data: { errors: { file: message } } });
  });

  it('asks for a file when none was chosen', async () => {
    const result = await run(newActions.upload)(post('upload', lessonForm) as never);
    expect(result).toMatchObject({ status: 400, data: { errors: { file: 'Choose an image to upload' } } });
    expect(api.client.POST).not.toHaveBeenCalled();
  });
});

describe('lesson editor component', () => {
  const initial = { values: { title: 'T', slug: '', estimatedMinutes: '5', objectives: '', contentNote: '', bodyMarkdown: 'x' }, sources: [], html: '' };
  const publications = [{ slug: 'walk-free-2023', title: 'Global Slavery Index' }];

  it('shows a no-JavaScript preview and the image error inline on the file field', () => {
    const html = renderHtml(LessonEditor, {
      initial,
      form: { values: initial.values, previewHtml: '<p>Rendered <em>safely</em></p>', errors: { file: 'The image must be 2 MB or smaller' } },
      publications,
      creating: true,
      saveLabel: 'Create lesson'
    });
    expect(html).toContain('<p>Rendered <em>safely</em></p>');
    expect(textOfId(html, 'file-error')).toBe('Error: The image must be 2 MB or smaller');
    const file = /<input[^>]*id="file"[^>]*>/.exec(html)![0];
    expect(file).toContain('aria-invalid="true"');
    expect(file).toContain('accept="image/png,image/jpeg,image/webp,image/gif"');
    expect(html).toMatch(/formaction="\?\/preview"/);
    expect(html).toMatch(/formaction="\?\/upload"/);
  });

  it('offers the snippet to copy after an upload without JavaScript', () => {
    const html = renderHtml(LessonEditor, { initial, form: { snippet: '![diagram](/api/uploads/abc.png)' }, publications, creating: false, saveLabel: 'Save' });
    expect(/<input[^>]*id="image-snippet"[^>]*>/.exec(html)![0]).toContain('value="![diagram](/api/uploads/abc.png)"');
  });

  it('renders the new lesson page with headings in order', () => {
    const html = renderHtml(NewLessonPage, {
      data: { module: { slug: 'indicators', title: 'Indicators', summary: '', publicationSlug: 'p', origin: 'authored', lessons: [] }, publications },
      form: null,
      params: { moduleSlug: 'indicators' }
    } as never);
    expect(headingsInOrder(html)).toBe(true);
    expect(textOf(html)).toContain('Write the lesson body to see how learners will see it.');
  });
});
