import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SystemPing } from './system-ping.entity.js';

@Injectable()
export class SystemRepository {
  constructor(@InjectRepository(SystemPing) private readonly pings: Repository<SystemPing>) {}

  createPing(label: string, workMs: number): Promise<SystemPing> {
    return this.pings.save(this.pings.create({ label, workMs }));
  }

  findPing(id: string): Promise<SystemPing | null> {
    return this.pings.findOneBy({ id });
  }

  /** Claims the ping for a run; returns null when it is already done (idempotent re-delivery). */
  async startPing(id: string): Promise<Pick<SystemPing, 'id' | 'workMs'> | null> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affectedCount].
    const [rows] = (await this.pings.query(
      `UPDATE system_pings SET status = 'processing', attempts = attempts + 1
        WHERE id = $1 AND status <> 'done'
        RETURNING id, work_ms AS "workMs"`,
      [id],
    )) as [Pick<SystemPing, 'id' | 'workMs'>[], number];
    return rows[0] ?? null;
  }

  async finishPing(id: string, processedBy: string): Promise<void> {
    await this.pings.update({ id }, { status: 'done', processedAt: new Date(), processedBy });
  }
}
