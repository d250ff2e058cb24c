import { findAction } from '../actions/catalogue';

/** Requests the bridge answers itself (they never reach a NAS). */
export const BRIDGE_ACTIONS = ['schedule.list', 'schedule.pause', 'schedule.resume', 'schedule.run'] as const;
export type BridgeAction = (typeof BRIDGE_ACTIONS)[number];

export const isBridgeAction = (name: string): name is BridgeAction => (BRIDGE_ACTIONS as readonly string[]).includes(name);

export interface ActionPolicy {
  /** Names, `group.*` or `*`; absent means every action. */
  allow?: readonly string[];
  /** Only actions that change nothing on the NAS (`writes: false`). */
  readOnly: boolean;
}

/** Answers why an action is refused, or undefined when it may run. The same rule for MQTT, /set and schedules. */
export function isActionAllowed(name: string, policy: ActionPolicy): string | undefined {
  if (policy.allow && !policy.allow.some((a) => a === '*' || a === name || (a.endsWith('.*') && name.startsWith(a.slice(0, -1))))) {
    return `the action ${name} is not in this bridge's allow list`;
  }
  if (policy.readOnly && findAction(name)?.writes) {
    return `the bridge is read-only and ${name} changes the station`;
  }
  return undefined;
}
