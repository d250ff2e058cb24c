/** Request counts for `GET /__sim/stats` (the contract in the design). */
export class Stats {
  total = 0;
  byApi: Record<string, number> = {};
  byMethod: Record<string, number> = {};
  /** Exceptions a handler did not turn into an API error: a test asserts there are none. */
  internalErrors = 0;

  count(api: string, method: string): void {
    this.total++;
    this.byApi[api] = (this.byApi[api] ?? 0) + 1;
    const key = `${api}.${method}`;
    this.byMethod[key] = (this.byMethod[key] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byApi = {};
    this.byMethod = {};
    this.internalErrors = 0;
  }

  toJSON(): object {
    return {
      requests: { total: this.total, byApi: this.byApi, byMethod: this.byMethod },
      internalErrors: this.internalErrors,
    };
  }
}
