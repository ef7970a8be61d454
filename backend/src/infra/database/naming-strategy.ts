import { createHash } from 'node:crypto';
import { DefaultNamingStrategy, type Table, type NamingStrategyInterface } from 'typeorm';

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function tableName(tableOrName: Table | string): string {
  const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
  // Schema-qualified names ("public.users") keep only the table part in constraint names.
  return name.split('.').pop() ?? name;
}

const shortHash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 8);

/**
 * PostgreSQL cuts identifiers at 63 bytes, silently, so two long names could become one. Cut
 * deliberately instead and end with a hash of the full name, which keeps them apart.
 */
function limit(name: string): string {
  if (Buffer.byteLength(name) <= 63) return name;
  let head = name;
  while (Buffer.byteLength(head) > 54) head = head.slice(0, -1);
  return `${head}_${shortHash(name)}`;
}

/**
 * snake_case tables and columns, and constraint names a person can read in an error or a
 * migration: pk_users, fk_memberships_user_id, uq_users_email, idx_lessons_module_id,
 * chk_system_pings_status. TypeORM's defaults are opaque hashes.
 */
export class ReadableNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName ?? snake(className);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake([...prefixes, customName ?? propertyName].join('_'));
  }

  override relationName(propertyName: string): string {
    return snake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  /** Includes the property, as TypeORM's default does, so two relations between the same tables differ. */
  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snake(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }

  override primaryKeyName(tableOrName: Table | string): string {
    return limit(`pk_${tableName(tableOrName)}`);
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return limit(`fk_${tableName(tableOrName)}_${columnNames.join('_')}`);
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return limit(`uq_${tableName(tableOrName)}_${columnNames.join('_')}`);
  }

  /** Partial indexes on the same columns differ by their WHERE clause: its hash keeps them apart. */
  override indexName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    const base = `idx_${tableName(tableOrName)}_${columnNames.join('_')}`;
    return limit(where ? `${base}_${shortHash(where)}` : base);
  }

  override relationConstraintName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    const base = `rel_${tableName(tableOrName)}_${columnNames.join('_')}`;
    return limit(where ? `${base}_${shortHash(where)}` : base);
  }

  override checkConstraintName(tableOrName: Table | string, expression: string, isEnum?: boolean): string {
    const column = /"?([a-z_][a-z0-9_]*)"?/i.exec(expression)?.[1] ?? 'check';
    return limit(`chk_${tableName(tableOrName)}_${column}${isEnum ? '_enum' : ''}`);
  }

  override exclusionConstraintName(tableOrName: Table | string): string {
    return limit(`excl_${tableName(tableOrName)}`);
  }

  override defaultConstraintName(tableOrName: Table | string, columnName: string): string {
    return limit(`df_${tableName(tableOrName)}_${columnName}`);
  }
}
