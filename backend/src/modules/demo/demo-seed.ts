import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { OrgRole } from '../../common/auth/access.js';
import { hashPassword } from '../identity/index.js';

export interface DemoAccount {
  role: 'platform admin' | OrgRole;
  displayName: string;
  email: string;
  password: string;
}

export const DEMO_ORGANISATION = { name: 'Demo Organisation', slug: 'demo-organisation' };

const PEOPLE: Omit<DemoAccount, 'password'>[] = [
  { role: 'platform admin', displayName: 'Demo Platform Admin', email: 'platform-admin@demo.example' },
  { role: 'org_admin', displayName: 'Demo Organisation Admin', email: 'org-admin@demo.example' },
  { role: 'trainer', displayName: 'Demo Trainer', email: 'trainer@demo.example' },
  { role: 'learner', displayName: 'Demo Learner One', email: 'learner1@demo.example' },
  { role: 'learner', displayName: 'Demo Learner Two', email: 'learner2@demo.example' },
];

/**
 * People to try the platform with, on a local install: a platform admin and an organisation
 * with an org admin, a trainer and two learners. Random passwords, returned once to be shown.
 * Returns null (and changes nothing) when the demo organisation already exists.
 */
export async function seedDemo(dataSource: DataSource): Promise<DemoAccount[] | null> {
  return dataSource.transaction(async (tx) => {
    const existing: unknown[] = await tx.query(`SELECT 1 FROM organisations WHERE slug = $1`, [DEMO_ORGANISATION.slug]);
    if (existing.length) return null;
    const accounts: DemoAccount[] = [];
    let adminId: string | null = null;
    const userIds: [string, DemoAccount][] = [];
    for (const person of PEOPLE) {
      const password = `demo-${randomBytes(9).toString('base64url')}`;
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO users (email, display_name, password_hash, email_verified_at, is_platform_admin)
         VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, email_verified_at = now()
         RETURNING id`,
        [person.email, person.displayName, await hashPassword(password), person.role === 'platform admin'],
      );
      const account = { ...person, password };
      accounts.push(account);
      if (person.role === 'platform admin') adminId = rows[0]!.id;
      else userIds.push([rows[0]!.id, account]);
    }
    const orgs: { id: string }[] = await tx.query(`INSERT INTO organisations (name, slug, created_by) VALUES ($1, $2, $3) RETURNING id`, [
      DEMO_ORGANISATION.name,
      DEMO_ORGANISATION.slug,
      adminId,
    ]);
    for (const [userId, account] of userIds) {
      await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [orgs[0]!.id, userId, account.role]);
    }
    return accounts;
  });
}
