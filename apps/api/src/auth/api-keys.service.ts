import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { ApiKeysRepository, type ApiKeyRow } from './api-keys.repository';
import { digestOf, generateKey, hashKey, matchesAny, SHOWN_PREFIX_LENGTH } from './key-hash';

export interface CreatedApiKey extends ApiKeyRow {
  /** Shown once, in the creation answer; only its hash is stored. */
  readonly key: string;
}

const MAX_PRESENTED_LENGTH = 512;

/** API keys: the ones in ADMIN_API_KEYS and the ones created through the API. */
@Injectable()
export class ApiKeysService {
  private readonly environmentKeys: readonly Buffer[];

  constructor(
    private readonly repository: ApiKeysRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.environmentKeys = config.api.adminApiKeys.map(digestOf);
  }

  /** True when `presented` is an environment key or an active stored key. */
  async isValid(presented: string): Promise<boolean> {
    if (presented.length === 0 || presented.length > MAX_PRESENTED_LENGTH) return false;
    if (matchesAny(presented, this.environmentKeys)) return true;
    // A lookup by the key's hash: the database compares digests, never the key itself.
    return this.repository.useActive(hashKey(presented));
  }

  async create(name: string): Promise<CreatedApiKey> {
    const key = generateKey();
    const row = await this.repository.insert(name, hashKey(key), key.slice(0, SHOWN_PREFIX_LENGTH));
    return { ...row, key };
  }

  list(): Promise<ApiKeyRow[]> {
    return this.repository.list();
  }

  async revoke(id: string): Promise<void> {
    const row = await this.repository.revoke(id);
    if (!row) throw new NotFoundException(`API key ${id} does not exist`);
  }
}
