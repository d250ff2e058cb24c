import type { IPublishPacket } from 'mqtt';
import { ActionError, toActionError } from '../actions/errors';
import type { AlbumStates } from './album-state';
import { isActionAllowed, type ActionPolicy } from './allow';
import type { AlbumSettings } from './config';
import type { Connection } from './connection';
import { QueueFullError } from './limiter';
import type { BridgeLogger } from './log';
import type { StationHandle } from './requests';
import type { Topics } from './topics';

export interface AlbumStationHandle extends StationHandle {
  albums: AlbumStates;
  settings: readonly AlbumSettings[];
}

const KEYS = ['password_protected', 'shared', 'transaction'];

/**
 * `<base>/album/<id>/set` with `{"password_protected": bool, "shared": bool}`: what the Home Assistant
 * switches send. Locking uses the album's password from the config (never from the message, so a
 * switch cannot set an arbitrary password); sharing makes a link with the configured lifetime.
 * The answer is the refreshed state on the album's topic, plus a line on `<base>/response/album.set`.
 */
export class AlbumCommands {
  constructor(
    private readonly topics: Topics,
    private readonly connection: Connection,
    private readonly stations: ReadonlyMap<string, AlbumStationHandle>,
    private readonly policy: ActionPolicy,
    private readonly log: BridgeLogger,
  ) {}

  handle(topic: string, payload: Buffer, packet: IPublishPacket): boolean {
    const target = this.topics.parseAlbumSet(topic);
    if (!target) return false;
    if (packet.retain) {
      this.log.warn(`ignored a retained command on ${topic}`);
      return true;
    }
    const responseTopic = typeof packet.properties?.responseTopic === 'string' && !/[#+]/.test(packet.properties.responseTopic)
      ? packet.properties.responseTopic : this.topics.response('album.set');
    const correlationData = packet.properties?.correlationData;
    let transaction: unknown;
    const reply = (body: Record<string, unknown>): void => {
      this.connection.publish(responseTopic, JSON.stringify({ ...body, album: target.albumId, ...(transaction === undefined ? {} : { transaction }) }), {
        qos: 1, durable: true, ...(correlationData ? { properties: { correlationData } } : {}),
      });
    };
    const handle = this.stations.get(target.station);
    const work = async (): Promise<unknown> => {
      if (!handle) throw new ActionError('invalid_input', `no station named "${target.station.slice(0, 40)}"`, { field: 'station' });
      const command = this.parse(payload);
      transaction = command.transaction;
      return this.apply(handle, target.albumId, command);
    };
    void work().then(
      (data) => reply({ status: 'ok', data }),
      (err: unknown) => {
        const e = err instanceof QueueFullError ? new ActionError('unavailable', err.message) : toActionError(err);
        this.log.warn(`${topic}: ${e.code}: ${e.message}`);
        reply({ status: 'error', error: e.toJSON() });
        // Republish the unchanged state, so a switch flipped in Home Assistant flips back.
        if (handle) handle.albums.republish(target.albumId);
      },
    );
    return true;
  }

  private parse(payload: Buffer): { password_protected?: boolean; shared?: boolean; transaction?: unknown } {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      throw new ActionError('invalid_input', 'the payload is not JSON; send {"password_protected": true|false} or {"shared": true|false}');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ActionError('invalid_input', 'the payload must be a JSON object');
    const b = body as Record<string, unknown>;
    const unknown = Object.keys(b).find((k) => !KEYS.includes(k));
    if (unknown) throw new ActionError('invalid_input', `${unknown.slice(0, 40)}: unknown field; expected password_protected or shared`, { field: unknown });
    for (const k of ['password_protected', 'shared']) {
      if (b[k] !== undefined && typeof b[k] !== 'boolean') throw new ActionError('invalid_input', `${k}: expected true or false`, { field: k });
    }
    if (b.password_protected === undefined && b.shared === undefined) throw new ActionError('invalid_input', 'give password_protected or shared');
    return b as { password_protected?: boolean; shared?: boolean; transaction?: unknown };
  }

  private allowed(action: string): void {
    const why = isActionAllowed(action, this.policy);
    if (why) throw new ActionError('not_allowed', why);
  }

  private async apply(handle: AlbumStationHandle, albumId: string, command: { password_protected?: boolean; shared?: boolean }): Promise<unknown> {
    const state = handle.albums.get(albumId);
    const settings = handle.settings.find((s) => s.album.id === albumId || (state && s.album.path === state.path));
    const run = (action: string, input: Record<string, unknown>): Promise<unknown> => handle.limiter.run(() => handle.station.run(action, input));
    if (command.password_protected !== undefined) {
      this.allowed('album.toggle_password');
      if (command.password_protected && !settings?.password) {
        throw new ActionError('invalid_input', `no password is configured for album ${state?.path ?? albumId}: add it under the station's albums (password_env or password_file)`, { field: 'password_protected' });
      }
      await run('album.toggle_password', {
        album: albumId, enabled: command.password_protected, ...(command.password_protected ? { password: settings!.password } : {}),
      });
    }
    if (command.shared === true && !state?.shared) {
      this.allowed('share.create');
      const lifetime = Math.round((settings?.shareLifetimeMs ?? 7 * 86_400_000) / 1000);
      await run('share.create', { album: albumId, lifetime: `${lifetime}s` });
    } else if (command.shared === false) {
      this.allowed('share.revoke');
      let links = state?.shares ?? [];
      if (!state) {
        const all = (await run('share.list', {})) as { shares: Array<{ share_id: string; status: string; album?: { id: string } }> };
        links = all.shares.filter((s) => s.album?.id === albumId) as never;
      }
      for (const link of links) {
        if (link.status !== 'revoked' && link.share_id) await run('share.revoke', { share_id: link.share_id });
      }
    }
    const before = handle.albums.get(albumId);
    handle.albums.mark(albumId, true);
    await handle.albums.settle();
    // A changed state was published by the read; an unchanged one is published again as the answer.
    if (handle.albums.get(albumId) === before) handle.albums.republish(albumId);
    return handle.albums.get(albumId) ?? null;
  }
}
