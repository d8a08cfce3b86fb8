import type { Delivery } from '../delivery';

/** Collects a consumer's deliveries so a test can await them one by one, with a bound. */
export class DeliveryInbox {
  private readonly queued: Delivery[] = [];
  private readonly waiters: ((delivery: Delivery) => void)[] = [];
  private count = 0;

  readonly handler = (delivery: Delivery): void => {
    this.count += 1;
    const waiter = this.waiters.shift();
    if (waiter) waiter(delivery);
    else this.queued.push(delivery);
  };

  get received(): number {
    return this.count;
  }

  next(description: string, timeoutMs = 10_000): Promise<Delivery> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(take);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a delivery: ${description}`));
      }, timeoutMs);
      const take = (delivery: Delivery): void => {
        clearTimeout(timer);
        resolve(delivery);
      };
      this.waiters.push(take);
    });
  }

  async take(count: number, description: string, timeoutMs = 10_000): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (let i = 0; i < count; i += 1)
      deliveries.push(await this.next(`${description} (#${i + 1})`, timeoutMs));
    return deliveries;
  }
}
