import { OAuthClient, SimUser } from './auth-registry';
import { CustomOperation } from './integration-broker';

export interface PeopleSoftSimulatorOptions {
  readonly seed?: number;
  readonly employees?: number;
  readonly vendors?: number;
  readonly customers?: number;
  /** Default local node name in the URL. */
  readonly node?: string;
  /** Shorthand for one user with the QAS and custom-operation permissions. */
  readonly user?: string;
  readonly password?: string;
  /** Full control over users; replaces user/password when given. */
  readonly users?: readonly SimUser[];
  readonly oauthClients?: readonly OAuthClient[];
  readonly tokenTtlSeconds?: number;
  /** Queries that exist only as private queries of the user. */
  readonly privateQueries?: readonly string[];
  readonly customOperation?: CustomOperation;
  /** PeopleSoft server's local time relative to UTC; its timestamps are naive local time. */
  readonly utcOffsetMinutes?: number;
  readonly clockOffsetSeconds?: number;
  readonly latencyMs?: number;
  readonly lateCommitSeconds?: number;
  /** Generated rows sharing one LASTUPDDTTM (a mass update yesterday at 02:00). */
  readonly sharedTimestampRows?: number;
  readonly numbersAsStrings?: boolean;
  /** Serve HTTPS with this key and certificate (PEM), as customer gateways do. */
  readonly tls?: { readonly keyPem: string; readonly certPem: string };
}

export const SIMULATOR_DEFAULTS = {
  seed: 1,
  employees: 2000,
  vendors: 300,
  customers: 200,
  node: 'PSFT_HR',
  user: 'ML_SYNC',
  password: 'ml-sync-demo',
  oauthClient: { clientId: 'ml-connector', clientSecret: 'ml-connector-secret', oprid: 'ML_SYNC' },
  tokenTtlSeconds: 3600,
  customOperation: { alias: 'ML_EMPL_CHANGES.v1', serviceOperation: 'ML_EMPL_CHANGES_GET' },
} as const;
