import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const USAGE = `Usage: node dist/cli.js <command>
  migrate                 apply pending migrations (DATABASE_URL)
  openapi [file]          write the sorted OpenAPI spec (default: openapi.json)
  migration:create <Name> write an empty, timestamped migration to src/migrations
  content:import [dir] [--questions <bank>]
                          validate backend/content (or dir) and upsert it (DATABASE_URL); quiz files
                          in <bank> (or QUESTION_BANK_DIR) replace the public ones of their modules
  credentials:keygen      print a new Ed25519 signing key (a JWK) for CREDENTIALS_SIGNING_KEY, and on
                          stderr its public half for CREDENTIALS_PREVIOUS_PUBLIC_KEYS (docs/credentials.md)`;

async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  // CLI commands sign no session tokens; do not make operators invent a secret to run them.
  process.env.JWT_SECRET ||= randomBytes(32).toString('hex');
  switch (command) {
    case 'migrate': {
      const { loadConfigOrExit } = await import('./common/process/bootstrap.js');
      const { migrate } = await import('./database.js');
      const { createLogger } = await import('./common/logging/logger.js');
      const config = loadConfigOrExit();
      await migrate(config, createLogger('cli', config.logLevel));
      return;
    }
    case 'admin:grant': {
      if (!arg || !arg.includes('@')) throw new Error('Give the email address of a registered account');
      const { loadConfigOrExit } = await import('./common/process/bootstrap.js');
      const config = loadConfigOrExit();
      const { createDataSource } = await import('./database.js');
      const dataSource = createDataSource({ url: config.database.url, poolMax: 1, applicationName: 'htmse-cli' });
      await dataSource.initialize();
      try {
        const [rows] = (await dataSource.query(
          `UPDATE users SET is_platform_admin = true WHERE email = $1 AND deleted_at IS NULL AND email_verified_at IS NOT NULL RETURNING id`,
          [arg.trim().toLowerCase()],
        )) as [{ id: string }[], number];
        if (!rows[0]) throw new Error(`No verified account with the email ${arg}: register and confirm the address first`);
        await dataSource.query(
          `INSERT INTO audit_events (action, actor_user_id, target_type, target_id, metadata) VALUES ('account.platform_admin_granted', NULL, 'user', $1, '{"via":"cli"}')`,
          [rows[0].id],
        );
        process.stdout.write(`${arg} is now a platform admin\n`);
      } finally {
        await dataSource.destroy();
      }
      return;
    }
    case 'demo:seed': {
      const { loadConfigOrExit } = await import('./common/process/bootstrap.js');
      const config = loadConfigOrExit();
      if (config.isProduction) throw new Error('demo:seed refuses to run with NODE_ENV=production');
      const { createDataSource } = await import('./database.js');
      const { seedDemo } = await import('./modules/demo/index.js');
      const dataSource = createDataSource({ url: config.database.url, poolMax: 1, applicationName: 'htmse-demo-seed' });
      await dataSource.initialize();
      try {
        const accounts = await seedDemo(dataSource);
        process.stdout.write(`${JSON.stringify({ created: accounts !== null, accounts: accounts ?? [] })}\n`);
      } finally {
        await dataSource.destroy();
      }
      return;
    }
    case 'credentials:keygen': {
      const { generateSigningJwk, parseSigningKey } = await import('./config/credential-keys.js');
      const jwk = generateSigningJwk();
      const { publicJwk } = parseSigningKey(jwk);
      process.stdout.write(`${jwk}\n`);
      process.stderr.write(`kid ${publicJwk.kid}; public half (for CREDENTIALS_PREVIOUS_PUBLIC_KEYS after the next rotation):\n${JSON.stringify(publicJwk)}\n`);
      return;
    }
    case 'openapi': {
      const { writeOpenApi } = await import('./openapi-writer.js');
      const out = resolve(arg ?? 'openapi.json');
      await writeOpenApi(out);
      process.stdout.write(`wrote ${out}\n`);
      return;
    }
    case 'content:import': {
      const { loadConfigOrExit } = await import('./common/process/bootstrap.js');
      const { createDataSource } = await import('./database.js');
      const { runContentImport } = await import('./modules/courses/index.js');
      const { questionBankImport } = await import('./modules/assessment/index.js');
      const { contentImportArgs } = await import('./cli-args.js');
      const { dir, questions } = contentImportArgs(argv.slice(1), USAGE);
      // The quiz files are the assessment module's: composed here, since courses may not import assessment.
      const extensions = [questionBankImport({ privateDir: questions ?? process.env.QUESTION_BANK_DIR ?? null })];
      process.exitCode = await runContentImport(loadConfigOrExit(), createDataSource, dir, extensions);
      return;
    }
    case 'migration:create': {
      if (!arg || !/^[A-Z][A-Za-z0-9]+$/.test(arg)) throw new Error('Give a PascalCase name, e.g. CreateCourses');
      const ts = Date.now();
      const file = `${ts}-${arg.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
      const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${arg}${ts} implements MigrationInterface {
  name = '${arg}${ts}';

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`;
      const path = resolve('src/migrations', file);
      await writeFile(path, body, { flag: 'wx' });
      process.stdout.write(`wrote ${path}\nAdd it to src/migrations/index.ts.\n`);
      return;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = command ? 64 : 0;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
