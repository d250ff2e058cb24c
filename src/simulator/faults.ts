export type FaultKind = 'error' | 'latency' | 'drop' | 'garbage' | 'http' | 'expire_session';

export interface Fault {
  id: number;
  api?: string;
  method?: string;
  kind: FaultKind;
  /** API error code for `error`. */
  code?: number;
  /** HTTP status for `http`. */
  status?: number;
  /** Delay for `latency`. */
  ms?: number;
  /** How many matching requests it still hits. */
  times: number;
}

const KINDS: readonly FaultKind[] = ['error', 'latency', 'drop', 'garbage', 'http', 'expire_session'];

/** Faults injected from the side channel; each hits the next `times` matching requests. */
export class Faults {
  private list: Fault[] = [];
  private nextId = 1;

  add(spec: Record<string, unknown>): Fault {
    const kind = spec.kind ?? 'error';
    if (!KINDS.includes(kind as FaultKind)) throw new Error(`fault kind must be one of ${KINDS.join(', ')}`);
    const num = (key: string): number | undefined => {
      const v = spec[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`fault ${key} must be a number`);
      return v;
    };
    const str = (key: string): string | undefined => {
      const v = spec[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string') throw new Error(`fault ${key} must be a string`);
      return v;
    };
    const fault: Fault = {
      id: this.nextId++, kind: kind as FaultKind, api: str('api'), method: str('method'),
      code: num('code'), status: num('status'), ms: num('ms'), times: num('times') ?? 1,
    };
    if (fault.kind === 'error' && fault.code === undefined) throw new Error('an error fault needs a code');
    this.list.push(fault);
    return fault;
  }

  /** The first fault matching this call, used up by one. */
  take(api: string, method: string): Fault | undefined {
    const fault = this.list.find((f) => (!f.api || f.api === api) && (!f.method || f.method === method));
    if (!fault) return undefined;
    if (--fault.times <= 0) this.list = this.list.filter((f) => f !== fault);
    return { ...fault };
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  clear(): void {
    this.list = [];
  }
}
