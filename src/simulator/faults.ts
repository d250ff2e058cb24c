import { mulberry32 } from './random';

export type FaultKind = 'error' | 'latency' | 'drop' | 'garbage' | 'http' | 'expire_session' | 'kick' | 'mangle';

/** How a `mangle` fault spoils a well-formed answer. */
export type MangleMode = 'types' | 'missing' | 'huge' | 'utf8';
export const MANGLE_MODES: readonly MangleMode[] = ['types', 'missing', 'huge', 'utf8'];

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
  /** What `mangle` does to the answer. */
  mode?: MangleMode;
  /** How many matching requests it still hits. */
  times: number;
}

const KINDS: readonly FaultKind[] = ['error', 'latency', 'drop', 'garbage', 'http', 'expire_session', 'kick', 'mangle'];

export interface ChaosSpec {
  rate: number;
  kinds: FaultKind[];
  seed: number;
  /** Latency faults wait between 0 and 2×ms. */
  ms: number;
  codes: number[];
  statuses: number[];
  modes: MangleMode[];
}

/** Faults injected from the side channel; each hits the next `times` matching requests. */
export class Faults {
  private list: Fault[] = [];
  private nextId = 1;
  private chaosSpec: ChaosSpec | undefined;
  private rng: () => number = Math.random;
  /** Requests chaos mode looked at, and what it injected by kind (kept after chaos stops, for the report). */
  chaosSeen = 0;
  chaosInjected: Partial<Record<FaultKind, number>> = {};

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
    const mode = str('mode');
    if (mode !== undefined && !MANGLE_MODES.includes(mode as MangleMode)) throw new Error(`fault mode must be one of ${MANGLE_MODES.join(', ')}`);
    const fault: Fault = {
      id: this.nextId++, kind: kind as FaultKind, api: str('api'), method: str('method'),
      code: num('code'), status: num('status'), ms: num('ms'), mode: mode as MangleMode | undefined, times: num('times') ?? 1,
    };
    if (fault.kind === 'error' && fault.code === undefined) throw new Error('an error fault needs a code');
    this.list.push(fault);
    return fault;
  }

  /** The first fault matching this call, used up by one; else, in chaos mode, maybe a random one. */
  take(api: string, method: string): Fault | undefined {
    const fault = this.list.find((f) => (!f.api || f.api === api) && (!f.method || f.method === method));
    if (!fault) return this.chaosFault();
    if (--fault.times <= 0) this.list = this.list.filter((f) => f !== fault);
    return { ...fault };
  }

  startChaos(body: Record<string, unknown>): ChaosSpec {
    const rate = body.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error('chaos rate must be a number from 0 to 1');
    const kinds = body.kinds ?? ['expire_session', 'kick', 'http', 'latency', 'drop', 'garbage'];
    if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => KINDS.includes(k as FaultKind))) {
      throw new Error(`chaos kinds must be a non-empty list of ${KINDS.join(', ')}`);
    }
    const numbers = (key: string, fallback: number[]): number[] => {
      const v = body[key] ?? fallback;
      if (!Array.isArray(v) || v.length === 0 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) throw new Error(`chaos ${key} must be a non-empty list of numbers`);
      return v as number[];
    };
    const seed = body.seed ?? 1;
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new Error('chaos seed must be an integer');
    const ms = body.ms ?? 1000;
    if (typeof ms !== 'number' || !(ms >= 0)) throw new Error('chaos ms must be a number');
    const modes = body.modes ?? [...MANGLE_MODES];
    if (!Array.isArray(modes) || modes.length === 0 || !modes.every((m) => MANGLE_MODES.includes(m as MangleMode))) {
      throw new Error(`chaos modes must be a non-empty list of ${MANGLE_MODES.join(', ')}`);
    }
    if (rate === 0) {
      this.chaosSpec = undefined;
      return { rate, kinds: kinds as FaultKind[], seed, ms, codes: [], statuses: [], modes: modes as MangleMode[] };
    }
    this.chaosSpec = {
      rate, kinds: kinds as FaultKind[], seed, ms, modes: modes as MangleMode[],
      codes: numbers('codes', [100]), statuses: numbers('statuses', [500, 502, 503, 504]),
    };
    this.rng = mulberry32(seed);
    this.chaosSeen = 0;
    this.chaosInjected = {};
    return { ...this.chaosSpec };
  }

  stopChaos(): void {
    this.chaosSpec = undefined;
  }

  chaosReport(): Record<string, unknown> {
    return { active: !!this.chaosSpec, ...(this.chaosSpec ?? {}), seen: this.chaosSeen, injected: { ...this.chaosInjected } };
  }

  private chaosFault(): Fault | undefined {
    const spec = this.chaosSpec;
    if (!spec) return undefined;
    this.chaosSeen++;
    if (this.rng() >= spec.rate) return undefined;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(this.rng() * list.length)];
    const kind = pick(spec.kinds);
    this.chaosInjected[kind] = (this.chaosInjected[kind] ?? 0) + 1;
    return {
      id: 0, kind, times: 0,
      code: pick(spec.codes), status: pick(spec.statuses), ms: Math.round(this.rng() * 2 * spec.ms), mode: pick(spec.modes),
    };
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  clear(): void {
    this.list = [];
  }
}
