/** The queue is full: the caller answers "busy" instead of piling up work without end. */
export class QueueFullError extends Error {
  constructor() {
    super('the bridge is busy: too many requests waiting for this station; try again later');
    this.name = 'QueueFullError';
  }
}

/**
 * Runs at most `concurrency` jobs at once and keeps up to `queue` more waiting, first come first served.
 * One per station, so a slow NAS only slows its own requests.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Highest number of jobs seen running at once (for tests and bridge/info). */
  peak = 0;
  done = 0;

  constructor(readonly concurrency: number, readonly queue: number) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    this.peak = Math.max(this.peak, this.running);
    try {
      return await job();
    } finally {
      this.done++;
      const next = this.waiting.shift();
      // Hand the slot straight to the next job, so `running` never dips and lets a newcomer jump the queue.
      if (next) next();
      else this.running--;
    }
  }
}
