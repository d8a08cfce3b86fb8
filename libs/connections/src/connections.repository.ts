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

  async setNextRunAt(id: string, nextRunAt: Date): Promise<void> {
    await this.rows.update({ id }, { nextRunAt });
  }

  async setAttention(id: string, attention: string | null): Promise<void> {
    await this.rows.update({ id }, { attention, updatedAt: new Date() });
  }
}
