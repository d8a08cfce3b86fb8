import { Injectable } from '@nestjs/common';
import { ConnectionsService, type ConnectionWithSecrets } from '@ml/connections';

const TTL_MS = 30_000;

/**
 * Decrypted connections for the writer, kept 30 s: a batch every few milliseconds must not
 * re-read and re-decrypt, and a rotated token is picked up within half a minute.
 */
@Injectable()
export class ConnectionCache {
  private readonly entries = new Map<string, { value: ConnectionWithSecrets | null; at: number }>();

  constructor(private readonly connections: ConnectionsService) {}

  async get(id: string): Promise<ConnectionWithSecrets | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = await this.connections.withSecrets(id);
    this.entries.set(id, { value, at: Date.now() });
    return value;
  }

  async markNeedsAttention(id: string, reason: string): Promise<void> {
    await this.connections.markNeedsAttention(id, reason);
    this.entries.delete(id);
  }
}
