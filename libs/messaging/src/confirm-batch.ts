/**
 * Settles once every message of a publish has been confirmed, or at the first failure. A counter
 * rather than a promise per message keeps 10k+ messages/s cheap.
 */
export class ConfirmBatch {
  readonly done: Promise<void>;
  private remaining: number;
  private finished = false;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;

  constructor(size: number) {
    this.remaining = size;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    if (size === 0) this.finish();
  }

  get settled(): boolean {
    return this.finished;
  }

  confirm(): void {
    if (this.finished) return;
    this.remaining -= 1;
    if (this.remaining === 0) this.finish();
  }

  fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.rejectDone(error);
  }

  private finish(): void {
    this.finished = true;
    this.resolveDone();
  }
}
