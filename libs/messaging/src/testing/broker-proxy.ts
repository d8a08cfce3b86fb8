import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** While set, bytes from the broker are kept here instead of reaching the client. */
  held: Buffer[] | undefined;
}

/**
 * A TCP proxy in front of the broker that can withhold everything the broker sends (confirms
 * included) while the client's frames still reach it: a publish is then stored but provably
 * unconfirmed, with no timing involved. `sever()` then cuts every connection, dropping what was
 * withheld, as a network loss would. (A broker-side close, e.g. `rabbitmqctl close_all_connections`,
 * would not end a withheld connection promptly: the broker waits for a close-ok the client never
 * gets to see.)
 */
export class BrokerProxy {
  private readonly pairs = new Set<Pair>();
  private server: Server | undefined;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens on a free local port in front of the host and port of `brokerUrl`. */
  static async start(brokerUrl: string): Promise<BrokerProxy> {
    const target = new URL(brokerUrl);
    const proxy = new BrokerProxy(target.hostname, Number(target.port || 5672));
    await proxy.listen();
    return proxy;
  }

  /** `brokerUrl` with its host and port replaced by the proxy's. */
  urlFor(brokerUrl: string): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('BrokerProxy: not listening');
    const url = new URL(brokerUrl);
    url.hostname = '127.0.0.1';
    url.port = String(address.port);
    return url.toString();
  }

  /** Withholds what the broker sends on every connection open now (later ones pass freely). */
  hold(): void {
    for (const pair of this.pairs) pair.held ??= [];
  }

  /** Delivers what was withheld and stops withholding. */
  release(): void {
    for (const pair of this.pairs) {
      const held = pair.held;
      pair.held = undefined;
      for (const chunk of held ?? []) pair.client.write(chunk);
    }
  }

  /** Cuts every open connection (both sockets), dropping whatever was withheld. */
  sever(): void {
    for (const pair of this.pairs) this.drop(pair);
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  private accept(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: Pair = { client, upstream, held: undefined };
    this.pairs.add(pair);
    upstream.on('data', (chunk: Buffer) => {
      if (pair.held) pair.held.push(chunk);
      else client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.drop(pair));
      socket.on('end', () => this.drop(pair));
      socket.on('close', () => this.drop(pair));
    }
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.held = undefined;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
