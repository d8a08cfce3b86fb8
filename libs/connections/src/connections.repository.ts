import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { ConnectionEntity } from './connection.entity';

/** The only code that touches the connections table. */
@Injectable()
export class ConnectionsRepository {
  constructor(
    @InjectRepository(ConnectionEntity) private readonly rows: Repository<ConnectionEntity>,
  ) {}

  insert(row: Omit<ConnectionEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<ConnectionEntity> {
    return this.rows.save(this.rows.create(row));
  }

  /** Writes the given columns only; answers the row as stored afterwards, or null if gone. */
  async updateColumns(
    id: string,
    changes: Partial<Omit<ConnectionEntity, 'id'>>,
  ): Promise<ConnectionEntity | null> {
    if (Object.keys(changes).length > 0) {
      await this.rows.update(
        { id },
        changes as Parameters<Repository<ConnectionEntity>['update']>[1],
      );
    }
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.rows.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async ids(): Promise<string[]> {
    const rows = await this.rows.find({ select: { id: true }, order: { id: 'ASC' } });
    return rows.map((row) => row.id);
  }

  /**
   * Re-seals one connection's two secrets inside a transaction holding its row lock, so a
   * concurrent API change cannot be overwritten by a rotation that read the row before it.
   * `reseal` answers the new sealed value, or null to leave it. True when the row changed.
   */
  async resealSecrets(id: string, reseal: (sealed: string) => string | null): Promise<boolean> {
    return this.rows.manager.transaction(async (manager) => {
      const row = await manager
        .getRepository(ConnectionEntity)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id })
        .getOne();
      if (!row) return false;
      const peoplesoftSecret = reseal(row.peoplesoftSecret);
      const hubspotSecret = reseal(row.hubspotSecret);
      if (peoplesoftSecret === null && hubspotSecret === null) return false;
      await manager.getRepository(ConnectionEntity).update(
        { id },
        {
          peoplesoftSecret: peoplesoftSecret ?? row.peoplesoftSecret,
          hubspotSecret: hubspotSecret ?? row.hubspotSecret,
        },
      );
      return true;
    });
  }

  findById(id: string): Promise<ConnectionEntity | null> {
    return this.rows.findOne({ where: { id } });
  }

  findAll(): Promise<ConnectionEntity[]> {
    return this.rows.find({ order: { createdAt: 'ASC' } });
  }

  findDue(now: Date): Promise<ConnectionEntity[]> {
    return this.rows.find({
      where: { enabled: true, nextRunAt: LessThanOrEqual(now) },
      order: { nextRunAt: 'ASC' },
    });
  }

  findFullSyncDue(now: Date): Promise<ConnectionEntity[]> {
    return this.rows.find({
      where: { enabled: true, nextFullSyncAt: LessThanOrEqual(now) },
      order: { nextFullSyncAt: 'ASC' },
    });
  }

  /** Compare-and-set of next_full_sync_at: true when it was `from` and is now `to`. */
  async moveNextFullSyncAt(id: string, from: Date, to: Date): Promise<boolean> {
    // Compared to the millisecond a JavaScript Date holds: a slot set in SQL has microseconds.
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ nextFullSyncAt: to })
      .where('id = :id', { id })
      .andWhere(`date_trunc('milliseconds', next_full_sync_at) = :from`, { from })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async setNextRunAt(id: string, nextRunAt: Date): Promise<void> {
    await this.rows.update({ id }, { nextRunAt });
  }

  async setAttention(id: string, attention: string | null): Promise<void> {
    await this.rows.update({ id }, { attention, updatedAt: new Date() });
  }
}

/** Postgres unique_violation (a connection name already taken). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
