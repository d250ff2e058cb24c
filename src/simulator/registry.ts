import type { Ctx } from './context';

export type Handler = (ctx: Ctx) => unknown | Promise<unknown>;

export interface ApiDefinition {
  name: string;
  path: string;
  minVersion: number;
  maxVersion: number;
  /** Methods whose version range is narrower than the API's. */
  methodVersions?: Record<string, [number, number]>;
  methods: Record<string, Handler>;
}
