import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-cells.js';
import { ImportFileError, IMPORT_MAX_ROWS, parseImport } from './csv-import.js';

describe('parseImport', () => {
  it('reads good rows, skips a BOM and empty lines, and reports bad emails, duplicates and long fields by line and field', async () => {
    const text = [
      '\uFEFFEmail,Name,External_ID',
      'Ana@Example.org, Ana Silva ,E1',
      '',
      'not-an-email,Bad,E2',
      'ana@example.org,Ana again,E3',
      `long@example.org,${'x'.repeat(201)},E4`,
      'ben@example.org,,',
      ',No email,E5',
    ].join('\r\n');
    const parsed = await parseImport(text);
    expect(parsed.rows).toEqual([
      { line: 2, email: 'ana@example.org', name: 'Ana Silva', externalId: 'E1' },
      { line: 7, email: 'ben@example.org', name: null, externalId: null },
    ]);
    expect(parsed.errors).toEqual([
      { line: 4, field: 'email', reason: 'email is not an email address' },
      { line: 5, field: 'email', reason: 'email is already on line 2' },
      { line: 6, field: 'name', reason: 'name is longer than 200 characters' },
      { line: 8, field: 'email', reason: 'email is missing' },
    ]);
    expect([...parsed.rejected.keys()]).toEqual([4, 5, 6, 8]);
    expect(parsed.total).toBe(6);
  });

  it('accepts the columns in any order, only email required', async () => {
    const parsed = await parseImport('external_id,email\nX9,c@example.org\n');
    expect(parsed.rows).toEqual([{ line: 2, email: 'c@example.org', name: null, externalId: 'X9' }]);
  });

  it('counts lines inside quoted cells', async () => {
    const parsed = await parseImport('email,name\n"a@example.org","Two\nlines"\nb@example.org,B\n');
    expect(parsed.errors).toEqual([{ line: 3, field: 'name', reason: expect.stringMatching(/control characters/) }]);
    expect(parsed.rows.map((r) => [r.line, r.email])).toEqual([[4, 'b@example.org']]);
  });

  it('refuses a file without an email column, with unknown columns, or broken quoting, as a whole', async () => {
    await expect(parseImport('name\nAna\n')).rejects.toMatchObject({ kind: 'malformed', errors: [{ field: 'email' }] });
    await expect(parseImport('email,team\na@example.org,x\n')).rejects.toMatchObject({
      errors: [{ field: 'team', reason: expect.stringMatching(/unknown column/) }],
    });
    await expect(parseImport('email\n"a@example.org\n')).rejects.toBeInstanceOf(ImportFileError);
    await expect(parseImport('')).rejects.toMatchObject({ kind: 'malformed' });
  });

  it(`refuses more than ${IMPORT_MAX_ROWS} rows`, async () => {
    const text = ['email', ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `p${i}@example.org`)].join('\n');
    await expect(parseImport(text)).rejects.toMatchObject({ kind: 'too-many-rows' });
  });

  it('reads 10,000 rows quickly', async () => {
    const text = ['email,name,external_id', ...Array.from({ length: 10_000 }, (_, i) => `person${i}@example.org,Person ${i},E${i}`)].join('\n');
    const started = performance.now();
    const parsed = await parseImport(text);
    const ms = performance.now() - started;
    expect(parsed.rows).toHaveLength(10_000);
    expect(parsed.errors).toEqual([]);
    expect(ms).toBeLessThan(3000);
  });
});

describe('csvCell', () => {
  it('neutralises formulas and quotes what needs it', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});
