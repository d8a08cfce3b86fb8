import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type {
  HubSpotSettings,
  PeopleSoftSettings,
  ScheduleSettings,
  TerminatedPolicy,
} from './connection-settings';

/** Hints shown to operators instead of secrets: that one is set, and its last 4 characters. */
export interface SecretHints {
  readonly peoplesoft: string;
  readonly hubspot: string;
}

@Entity({ name: 'connections' })
export class ConnectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  peoplesoft!: PeopleSoftSettings & { secretHint?: string };

  @Column({ name: 'peoplesoft_secret', type: 'text' })
  peoplesoftSecret!: string;

  @Column({ type: 'jsonb' })
  hubspot!: HubSpotSettings & { secretHint?: string };

  @Column({ name: 'hubspot_secret', type: 'text' })
  hubspotSecret!: string;

  @Column({ type: 'jsonb' })
  schedule!: ScheduleSettings;

  /** The full-sync schedule; null when full syncs only run on demand. */
  @Column({ name: 'full_sync_schedule', type: 'jsonb', nullable: true })
  fullSyncSchedule!: ScheduleSettings | null;

  @Column({ type: 'jsonb', default: {} })
  mapping!: Record<string, unknown>;

  @Column({ name: 'terminated_policy', type: 'text', default: 'set-status' })
  terminatedPolicy!: TerminatedPolicy;

  /** Set when writing stopped for a reason only a human can fix (revoked token...). */
  @Column({ type: 'text', nullable: true })
  attention!: string | null;

  @Column({ name: 'next_run_at', type: 'timestamptz' })
  nextRunAt!: Date;

  /** When the poller next queues a full sync; null when there is no full-sync schedule. */
  @Column({ name: 'next_full_sync_at', type: 'timestamptz', nullable: true })
  nextFullSyncAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
