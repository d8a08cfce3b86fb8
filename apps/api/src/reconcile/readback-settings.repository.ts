import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { SecretBox } from '@ml/connections';

export type ReadbackPolicy = 'peoplesoft-wins' | 'report-only';

export interface ReadbackSettings {
  readonly policy: ReadbackPolicy;
  /** Cron (in the connection's time zone) of scheduled reconciliations; null: on demand only. */
  readonly reconcileCron: string | null;
  readonly nextReconcileAt: string | null;
  /** The webhook client secret is write-only: shown as set + last 4 characters. */
  readonly webhook: { readonly set: boolean; readonly last4: string };
  /** The URL registered in the HubSpot app, when a proxy changes what the API sees. */
  readonly webhookUrl: string | null;
}

export interface SettingsChange {
  readonly policy?: ReadbackPolicy;
  readonly reconcileCron?: string | null;
  readonly webhookClientSecret?: string | null;
  readonly webhookUrl?: string | null;
}

/** A connection with webhooks on: its secret decrypted, only ever held in memory. */
export interface WebhookReceiver {
  readonly connectionId: string;
  readonly policy: ReadbackPolicy;
  readonly clientSecret: string;
  readonly webhookUrl: string | null;
}

const DEFAULTS: ReadbackSettings = {
  policy: 'peoplesoft-wins',
  reconcileCron: null,
  nextReconcileAt: null,
  webhook: { set: false, last4: '' },
  webhookUrl: null,
};

/** Read-back settings per connection, the webhook client secret sealed like other secrets. */
@Injectable()
export class ReadbackSettingsRepository {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.encryption, config.previousEncryptionKeys);
  }

  async get(connectionId: string): Promise<ReadbackSettings> {
    const rows: Array<{
      policy: ReadbackPolicy;
      reconcile_cron: string | null;
      next_reconcile_at: Date | null;
      webhook_secret: string | null;
      webhook_secret_hint: string | null;
      webhook_url: string | null;
    }> = await this.dataSource.query(
      `SELECT policy, reconcile_cron, next_reconcile_at, webhook_secret, webhook_secret_hint,
              webhook_url FROM readback_settings WHERE connection_id = $1`,
      [connectionId],
    );
    const row = rows[0];
    if (!row) return DEFAULTS;
    return {
      policy: row.policy,
      reconcileCron: row.reconcile_cron,
      nextReconcileAt: row.next_reconcile_at?.toISOString() ?? null,
      webhook: { set: row.webhook_secret !== null, last4: row.webhook_secret_hint ?? '' },
      webhookUrl: row.webhook_url,
    };
  }

  async update(connectionId: string, change: SettingsChange): Promise<ReadbackSettings> {
    const current = await this.get(connectionId);
    const secret = change.webhookClientSecret;
    await this.dataSource.query(
      `INSERT INTO readback_settings
         (connection_id, policy, reconcile_cron, next_reconcile_at, webhook_secret,
          webhook_secret_hint, webhook_url)
       VALUES ($1, $2, $3, NULL, $4, $5, $6)
       ON CONFLICT (connection_id) DO UPDATE SET
         policy = EXCLUDED.policy,
         reconcile_cron = EXCLUDED.reconcile_cron,
         next_reconcile_at = CASE WHEN readback_settings.reconcile_cron IS DISTINCT FROM
                                       EXCLUDED.reconcile_cron
                                  THEN NULL ELSE readback_settings.next_reconcile_at END,
         webhook_secret = CASE WHEN $7 THEN EXCLUDED.webhook_secret
                               ELSE readback_settings.webhook_secret END,
         webhook_secret_hint = CASE WHEN $7 THEN EXCLUDED.webhook_secret_hint
                                    ELSE readback_settings.webhook_secret_hint END,
         webhook_url = EXCLUDED.webhook_url,
         updated_at = now()`,
      [
        connectionId,
        change.policy ?? current.policy,
        change.reconcileCron === undefined ? current.reconcileCron : change.reconcileCron,
        typeof secret === 'string' ? this.box.encrypt(secret) : null,
        typeof secret === 'string' && secret.length > 8 ? secret.slice(-4) : null,
        change.webhookUrl === undefined ? current.webhookUrl : change.webhookUrl,
        secret !== undefined,
      ],
    );
    return this.get(connectionId);
  }

  async receivers(): Promise<WebhookReceiver[]> {
    const rows: Array<{
      connection_id: string;
      policy: ReadbackPolicy;
      webhook_secret: string;
      webhook_url: string | null;
    }> = await this.dataSource.query(
      `SELECT s.connection_id, s.policy, s.webhook_secret, s.webhook_url
         FROM readback_settings s JOIN connections c ON c.id = s.connection_id
        WHERE s.webhook_secret IS NOT NULL AND c.enabled`,
    );
    return rows.map((r) => ({
      connectionId: r.connection_id,
      policy: r.policy,
      clientSecret: this.box.decrypt(r.webhook_secret),
      webhookUrl: r.webhook_url,
    }));
  }
}
