import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemPing } from '../../src/modules/system/system-ping.entity.js';
import { SystemRepository } from '../../src/modules/system/system.repository.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: SystemRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new SystemRepository(rdb.db.getRepository(SystemPing));
});
afterAll(() => rdb?.close());

describe('SystemRepository', () => {
  it('createPing stores a queued ping with no attempts, and findPing reads it back', async () => {
    const ping = await repo.createPing('hello', 25);
    expect(ping).toMatchObject({ label: 'hello', workMs: 25, status: 'queued', attempts: 0, processedAt: null, processedBy: null });
    expect(await repo.findPing(ping.id)).toMatchObject({ id: ping.id, label: 'hello', status: 'queued' });
  });

  it('findPing answers null for an unknown id', async () => {
    expect(await repo.findPing('7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11')).toBeNull();
  });

  it('startPing claims the ping and counts each attempt until it is done, then answers null', async () => {
    const ping = await repo.createPing('claim', 7);
    expect(await repo.startPing(ping.id)).toEqual({ id: ping.id, workMs: 7 });
    expect(await repo.findPing(ping.id)).toMatchObject({ status: 'processing', attempts: 1 });
    // A redelivery before completion runs it again (attempt 2).
    expect(await repo.startPing(ping.id)).toEqual({ id: ping.id, workMs: 7 });
    await repo.finishPing(ping.id, 'worker:1');
    const done = await repo.findPing(ping.id);
    expect(done).toMatchObject({ status: 'done', attempts: 2, processedBy: 'worker:1' });
    expect(done!.processedAt).toBeInstanceOf(Date);
    expect(await repo.startPing(ping.id)).toBeNull();
    expect(await repo.findPing(ping.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('startPing answers null for an unknown id', async () => {
    expect(await repo.startPing('7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11')).toBeNull();
  });

  it('of two concurrent claims of a done ping neither runs; of a queued one both are counted', async () => {
    const ping = await repo.createPing('race', 1);
    const claims = await Promise.all([repo.startPing(ping.id), repo.startPing(ping.id)]);
    expect(claims.filter(Boolean)).toHaveLength(2);
    expect(await repo.findPing(ping.id)).toMatchObject({ attempts: 2 });
    await repo.finishPing(ping.id, 'api:1');
    expect(await Promise.all([repo.startPing(ping.id), repo.startPing(ping.id)])).toEqual([null, null]);
  });
});
