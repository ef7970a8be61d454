import { DataSource, Table } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { SystemPing } from '../../modules/system/system.entities.js';
import { ReadableNamingStrategy } from './naming-strategy.js';

const naming = new ReadableNamingStrategy();

describe('ReadableNamingStrategy constraint names', () => {
  it.each([
    ['a Table', new Table({ name: 'system_pings' })],
    ['a plain name', 'system_pings'],
    ['a schema-qualified name', 'public.system_pings'],
  ])('names primary keys pk_<table> from %s', (_label, table) => {
    expect(naming.primaryKeyName(table)).toBe('pk_system_pings');
  });

  it.each([
    ['a Table', new Table({ name: 'memberships' })],
    ['a plain name', 'memberships'],
    ['a schema-qualified name', 'public.memberships'],
  ])('names foreign keys fk_<table>_<columns> from %s', (_label, table) => {
    expect(naming.foreignKeyName(table, ['user_id'])).toBe('fk_memberships_user_id');
  });

  it.each([
    ['a Table', new Table({ name: 'users' })],
    ['a plain name', 'users'],
    ['a schema-qualified name', 'public.users'],
  ])('names unique constraints uq_<table>_<columns> from %s', (_label, table) => {
    expect(naming.uniqueConstraintName(table, ['email'])).toBe('uq_users_email');
  });

  it.each([
    ['a Table', new Table({ name: 'lessons' })],
    ['a plain name', 'lessons'],
    ['a schema-qualified name', 'public.lessons'],
  ])('names indexes idx_<table>_<columns> from %s', (_label, table) => {
    expect(naming.indexName(table, ['module_id'])).toBe('idx_lessons_module_id');
  });

  it('joins several columns in order', () => {
    expect(naming.uniqueConstraintName('enrolments', ['user_id', 'course_id'])).toBe('uq_enrolments_user_id_course_id');
    expect(naming.indexName('enrolments', ['course_id', 'user_id'])).toBe('idx_enrolments_course_id_user_id');
  });

  it('names check constraints after the first column in the expression', () => {
    expect(naming.checkConstraintName('system_pings', `"status" IN ('queued', 'done')`)).toBe('chk_system_pings_status');
    expect(naming.checkConstraintName('public.lessons', 'position >= 0')).toBe('chk_lessons_position');
    expect(naming.checkConstraintName('lessons', '"kind" IN (...)', true)).toBe('chk_lessons_kind_enum');
  });

  it('names the other constraint kinds readably too', () => {
    expect(naming.defaultConstraintName('users', 'role')).toBe('df_users_role');
    expect(naming.relationConstraintName('users', ['org_id'])).toBe('rel_users_org_id');
    expect(naming.exclusionConstraintName('public.bookings')).toBe('excl_bookings');
  });

  it('cuts names longer than 63 bytes (the PostgreSQL limit), ending them with a hash of the full name', () => {
    const longTable = 'course_module_lesson_assessment_question_options';
    const columns = ['assessment_question_id', 'option_position'];
    const fk = naming.foreignKeyName(longTable, columns);
    expect(Buffer.byteLength(fk)).toBeLessThanOrEqual(63);
    expect(fk).toMatch(/^fk_course_module_lesson_assessment_question_options_as.*_[0-9a-f]{8}$/);
    for (const name of [
      naming.primaryKeyName('x'.repeat(80)),
      naming.uniqueConstraintName(longTable, columns),
      naming.indexName(longTable, columns),
      naming.checkConstraintName(longTable, `"${'c'.repeat(40)}" > 0`),
      naming.primaryKeyName('é'.repeat(40)), // 2 bytes a character
    ]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    }
  });

  it('keeps two long names that share their first 63 characters apart', () => {
    const table = 'course_module_lesson_assessment_question_options';
    const a = naming.foreignKeyName(table, ['assessment_question_id_first']);
    const b = naming.foreignKeyName(table, ['assessment_question_id_second']);
    expect(a).not.toBe(b);
  });

  it('names partial indexes on the same columns differently by their WHERE clause', () => {
    const plain = naming.indexName('enrolments', ['user_id']);
    const active = naming.indexName('enrolments', ['user_id'], `"status" = 'active'`);
    const done = naming.indexName('enrolments', ['user_id'], `"status" = 'done'`);
    expect(plain).toBe('idx_enrolments_user_id');
    expect(active).toMatch(/^idx_enrolments_user_id_[0-9a-f]{8}$/);
    expect(new Set([plain, active, done]).size).toBe(3);
  });

  it('leaves a name of exactly 63 characters whole', () => {
    const table = 't'.repeat(60); // "pk_" + 60 = 63
    expect(naming.primaryKeyName(table)).toBe(`pk_${table}`);
  });
});

describe('ReadableNamingStrategy table and column names', () => {
  it('derives snake_case table names from class names when no name is given', () => {
    expect(naming.tableName('SystemPing', undefined)).toBe('system_ping');
    expect(naming.tableName('HTTPRequestLog', undefined)).toBe('http_request_log');
    expect(naming.tableName('Course2Module', undefined)).toBe('course2_module');
  });

  it('keeps a custom table name exactly as given', () => {
    expect(naming.tableName('SystemPing', 'system_pings')).toBe('system_pings');
  });

  it('snake_cases column names', () => {
    expect(naming.columnName('processedAt', undefined, [])).toBe('processed_at');
    expect(naming.columnName('id', undefined, [])).toBe('id');
    expect(naming.columnName('userID', undefined, [])).toBe('user_id');
  });

  it('prefixes embedded columns with their snake_cased embed names', () => {
    expect(naming.columnName('firstName', undefined, ['profile'])).toBe('profile_first_name');
    expect(naming.columnName('line1', undefined, ['billingAddress', 'street'])).toBe('billing_address_street_line1');
    expect(naming.columnName('whatever', 'givenName', ['profile'])).toBe('profile_given_name');
  });

  it('snake_cases relation, join column and join table names', () => {
    expect(naming.relationName('courseModule')).toBe('course_module');
    expect(naming.joinColumnName('courseModule', 'id')).toBe('course_module_id');
    expect(naming.joinTableName('courses', 'tags', 'tags')).toBe('courses_tags_tags');
    // Two relations between the same tables get two join tables.
    expect(naming.joinTableName('courses', 'modules', 'requiredModules')).not.toBe(naming.joinTableName('courses', 'modules', 'optionalModules'));
    expect(naming.joinTableColumnName('courses', 'id')).toBe('courses_id');
    expect(naming.joinTableColumnName('courses', 'id', 'courseId')).toBe('courses_course_id');
  });

  it('produces the names the SystemPing entity and its migration rely on', async () => {
    // Builds TypeORM's entity metadata without connecting to any database.
    const dataSource = new DataSource({
      type: 'postgres',
      url: 'postgres://unused@localhost/unused',
      entities: [SystemPing],
      namingStrategy: naming,
    });
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    const meta = dataSource.getMetadata(SystemPing);

    expect(meta.tableName).toBe('system_pings');
    expect(meta.columns.map((c) => c.databaseName).sort()).toEqual(
      ['attempts', 'id', 'label', 'processed_at', 'processed_by', 'requested_at', 'status', 'work_ms'].sort(),
    );
    expect(meta.checks.map((c) => c.name)).toEqual(['chk_system_pings_status']);
  });
});
