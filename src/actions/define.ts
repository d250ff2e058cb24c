import type { PhotoStationClient } from '../photostation/client';
import type { StationMemory } from '../station/memory';
import type { Schema } from './schema';

export const ACTION_GROUPS = ['album', 'share', 'smart_album', 'photo', 'station'] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number];

export interface Progress {
  /** What is being done, e.g. "upload" or "adding items". */
  step: string;
  done: number;
  total: number;
}

/** What the station hands an action: the client, its memory, a clock, and ways to report back. */
export interface ActionContext {
  client: PhotoStationClient;
  memory: StationMemory;
  now(): number;
  progress?(p: Progress): void;
  /** Station-level operations some actions need (status, rescan). */
  station?: {
    status(): Record<string, unknown>;
    /** Absent when the station runs no change detector. */
    rescan?(): Promise<Record<string, unknown>>;
  };
  signal?: AbortSignal;
}

export interface ActionDefinition<I = Record<string, unknown>, O = unknown> {
  name: string;
  group: ActionGroup;
  description: string;
  input: Schema;
  /** Pairs of fields of which exactly one must be given (e.g. album or items). */
  oneOf?: ReadonlyArray<readonly string[]>;
  /** Changes something on the NAS (read-only faces refuse these). */
  writes: boolean;
  run(ctx: ActionContext, input: I): Promise<O>;
}

/** Keeps the literal types of a definition while checking it against ActionDefinition. */
export function defineAction<I, O>(definition: ActionDefinition<I, O>): ActionDefinition<I, O> {
  return definition;
}
