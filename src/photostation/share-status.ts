/**
 * The state of a public link, in the words the whole product uses (actions, events, MQTT, Node-RED).
 * Photo Station says `invalid` for a shared album without an active link; we say `revoked`.
 */
export const SHARE_STATUSES = ['valid', 'expired', 'not_started', 'revoked'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

export function shareStatusOf(nasStatus: unknown): ShareStatus {
  return nasStatus === 'valid' || nasStatus === 'expired' || nasStatus === 'not_started' ? nasStatus : 'revoked';
}
