import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { API, DynamicPlatformPlugin, HapStatusError, Logging, PlatformAccessory, PlatformConfig } from 'homebridge';
import { ActionError, ClientErrorCode, Station, type ShareResult, type StationEvent } from '@photostation/node-red-photostation';
import { AlbumAccessory, type AlbumContext } from './accessory';
import { parseConfig, safeUrl, type PlatformSettings } from './config';
import { PLATFORM_NAME, PLUGIN_NAME, UUID_NAMESPACE } from './settings';

/** Failures that concern the whole station (every accessory says "No Response"), not one album. */
const STATION_WIDE = new Set(['unavailable', 'unauthorized']);
/** Answers an administrator's session does not get, but a session the NAS forgot does. */
const SESSION_SUSPECT = new Set(['password_required', 'forbidden']);

/** Batches the share listings a burst of share events asks for into one. */
const SHARE_REFRESH_DELAY_MS = 250;

const codeOf = (err: unknown): string => (err instanceof ActionError ? err.code : 'station_error');
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The `PhotoStation` dynamic platform: one Station (client + change detector) for the configured
 * NAS, and one accessory per configured album.
 */
export class PhotoStationPlatform implements DynamicPlatformPlugin {
  station: Station | undefined;
  private readonly settings: PlatformSettings | undefined;
  /** Accessories Homebridge restored from its cache, by UUID, until launch decides about them. */
  private readonly restored = new Map<string, PlatformAccessory<AlbumContext>>();
  private readonly albums = new Map<string, AlbumAccessory>();
  /** Set while the station cannot be used; its code and message were logged once. */
  private down: { code: string; message: string } | undefined;
  private refreshing: Promise<void> | undefined;
  private lastRefreshAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private shareTimer: NodeJS.Timeout | undefined;
  /** Background warnings already logged (the detector repeats them every poll while they last). */
  private readonly warned = new Set<string>();
  private closed = false;

  constructor(
    readonly log: Logging,
    config: PlatformConfig,
    readonly api: API,
  ) {
    const { settings, problems } = parseConfig(config as unknown as Record<string, unknown>);
    for (const problem of problems) this.log.warn(`Configuration: ${problem}`);
    this.settings = settings;
    api.on('didFinishLaunching', () => this.launch());
    api.on('shutdown', () => void this.shutdown());
  }

  /** Homebridge hands over each cached accessory before didFinishLaunching; they wait for launch(). */
  configureAccessory(accessory: PlatformAccessory): void {
    this.restored.set(accessory.UUID, accessory as PlatformAccessory<AlbumContext>);
  }

  private launch(): void {
    const settings = this.settings;
    if (!settings) {
      // Removing the cached accessories here would throw away the user's rooms, scenes and
      // automations over a typo; they stay, without a station behind them, until the config is fixed.
      this.log.error('Not started: the configuration has no station url. Cached accessories are kept unchanged.');
      return;
    }
    this.station = this.createStation(settings);

    const hap = this.api.hap;
    const fresh: PlatformAccessory<AlbumContext>[] = [];
    for (const album of settings.albums) {
      const uuid = hap.uuid.generate(UUID_NAMESPACE + album.path);
      let accessory = this.restored.get(uuid);
      this.restored.delete(uuid);
      if (!accessory) {
        accessory = new this.api.platformAccessory<AlbumContext>(album.name, uuid);
        accessory.context.album = { id: album.id, path: album.path };
        fresh.push(accessory);
      }
      this.albums.set(album.path, new AlbumAccessory(this, accessory, album));
    }
    if (fresh.length) {
      this.api.registerPlatformAccessories(PLUGIN_NAME, PLATFORM_NAME, fresh);
      this.log.info(`Added ${fresh.map((a) => a.displayName).join(', ')}`);
    }
    const kept = [...this.albums.values()].map((a) => a.accessory).filter((a) => !fresh.includes(a));
    // Services may have come or gone with a config change; the cache must hold them as they are now.
    if (kept.length) this.api.updatePlatformAccessories(kept);
    const stale = [...this.restored.values()];
    if (stale.length) {
      this.api.unregisterPlatformAccessories(PLUGIN_NAME, PLATFORM_NAME, stale);
      this.log.info(`Removed ${stale.map((a) => a.displayName).join(', ')} (no longer in the configuration)`);
    }
    this.restored.clear();

    if (!this.station) return;
    this.log.info(`Watching ${safeUrl(settings.url)} for ${settings.albums.length} album(s)`);
    this.station.start();
    void this.refresh();
  }

  /**
   * The station, or undefined when its options are unusable (a malformed fingerprint or URL): then
   * the accessories stay, answering "No Response", instead of the exception taking Homebridge down.
   */
  private createStation(settings: PlatformSettings): Station | undefined {
    const key = createHash('sha256').update(`${new URL(settings.url, 'http://x').host}\n${settings.username ?? ''}`).digest('hex').slice(0, 12);
    try {
      const station = new Station({
        url: settings.url,
        ...(settings.username !== undefined ? { username: settings.username } : {}),
        ...(settings.password !== undefined ? { password: settings.password } : {}),
        ...(settings.tls ? { tls: settings.tls } : {}),
        timeoutMs: settings.timeoutMs,
        // Per NAS and account: the detector's snapshot of another station would report its whole library as changes.
        dataDir: join(this.api.user.storagePath(), 'photostation', key),
        watch: settings.watch,
        // Request-level detail only with `homebridge -D`; the client's warnings repeat per request, so once each.
        logger: { debug: (m: string) => this.log.debug(m), warn: (m: string) => this.warnOnce(`client:${m}`, m) },
      });
      station.on('event', (event) => this.onEvent(event));
      station.on('warning', (err) => this.onWarning(err));
      return station;
    } catch (err) {
      this.down = { code: 'config', message: messageOf(err) };
      this.log.error(`Not started: ${messageOf(err)}. Fix the configuration; until then the accessories show "No Response".`);
      return undefined;
    }
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.shareTimer) clearTimeout(this.shareTimer);
    for (const album of this.albums.values()) album.dispose();
    await this.station?.close().catch(() => undefined);
  }

  isDown(): boolean {
    return this.down !== undefined;
  }

  noResponse(): HapStatusError {
    return new this.api.hap.HapStatusError(this.api.hap.HAPStatus.SERVICE_COMMUNICATION_FAILURE);
  }

  /** Called from getters: keeps cached answers fresh without making HomeKit wait for the NAS. */
  refreshIfStale(): void {
    if (this.station && Date.now() - this.lastRefreshAt > this.settings!.watch.intervalMs) void this.refresh();
  }

  /** Reads the state of every configured album (and its links) from the station; one run at a time. */
  refresh(): Promise<void> {
    if (!this.station || this.closed) return Promise.resolve();
    this.refreshing ??= this.readAll().finally(() => {
      this.refreshing = undefined;
      this.lastRefreshAt = Date.now();
    });
    return this.refreshing;
  }

  private async readAll(): Promise<void> {
    // A NAS that was unreachable may have restarted and forgotten our session. It then answers a
    // forgotten session as a stranger (416/417 for protected albums) rather than "no session", so
    // the client would not log in again by itself: start a new session before looking.
    if (this.down?.code === 'unavailable') this.freshSession();
    const albums = [...this.albums.values()];
    let results = await this.readOnce();
    // The same after a reboot too quick for us to notice: an album that was readable turns
    // "password needed" or "forbidden". One new session settles it (and an album that is really
    // closed to this account is not asked again with a new login every time).
    if (results.slice(1).some((r, i) => r.status === 'rejected' && SESSION_SUSPECT.has(codeOf(r.reason)) && !albums[i]!.hasProblem())) {
      this.freshSession();
      results = await this.readOnce();
    }
    const [shares, ...infos] = results;
    const sharing = albums.filter((a) => a.wantsShares);
    const stationWide = results.find((r) => r.status === 'rejected' && STATION_WIDE.has(codeOf(r.reason)));
    if (stationWide?.status === 'rejected') {
      this.markDown(stationWide.reason);
      return;
    }
    this.markUp();
    albums.forEach((accessory, i) => {
      const info = infos[i]!;
      if (info.status === 'rejected') {
        this.albumProblem(accessory, info.reason);
        return;
      }
      if (accessory.clearProblem()) this.log.info(`Album ${accessory.path} is available again`);
      accessory.applyType((info.value as { type: 'public' | 'private' | 'password' }).type);
    });
    if (shares.status === 'fulfilled') {
      for (const accessory of sharing) accessory.applyShared((shares.value as ShareResult[]).some((s) => this.belongsTo(s, accessory.path)));
    } else {
      this.warnOnce(`shares:${codeOf(shares.reason)}`, `Cannot list the share links: ${messageOf(shares.reason)}`);
    }
  }

  private readOnce(): Promise<PromiseSettledResult<unknown>[]> {
    const station = this.station!;
    const albums = [...this.albums.values()];
    return Promise.allSettled([
      albums.some((a) => a.wantsShares) ? this.validShares() : Promise.resolve([]),
      ...albums.map((a) => station.run('album.get', { album: a.path })),
    ]);
  }

  private freshSession(): void {
    const { username, password } = this.settings!;
    if (username !== undefined && password !== undefined) this.station!.client.setCredentials(username, password);
  }

  private async validShares(): Promise<ShareResult[]> {
    const result = (await this.station!.run('share.list', { status: 'valid' })) as { shares: ShareResult[] };
    return result.shares;
  }

  /**
   * Only links the station itself made carry their album (it remembers them in its data folder);
   * a link made by hand in the web UI names no album, and is never taken for, or revoked as, the album's.
   */
  private belongsTo(share: ShareResult, path: string): boolean {
    return share.album?.path === path;
  }

  async sharesOf(path: string): Promise<ShareResult[]> {
    return (await this.validShares()).filter((s) => this.belongsTo(s, path));
  }

  /**
   * Runs a change a user asked for from HomeKit. It must answer within HomeKit's patience, so it
   * gives up after the configured timeout (the change may still land: a refresh follows it either way).
   */
  async change<T>(what: string, run: () => Promise<T>, revert: () => void): Promise<T> {
    if (!this.station) {
      revert();
      throw this.noResponse();
    }
    const work = run();
    // Whatever the outcome, even after a timeout, re-read so the switches show what really happened.
    work.then(() => this.scheduleRefresh(), () => this.scheduleRefresh());
    let timer: NodeJS.Timeout | undefined;
    const limit = this.settings!.timeoutMs;
    const late = new Error(`no answer within ${limit / 1000} s; it may still happen, and the switch will then show it`);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(late), limit);
    });
    try {
      const result = await Promise.race([work, timeout]);
      this.markUp();
      return result;
    } catch (err) {
      revert();
      // A slow change (a link for a large album) says nothing about reachability; real network failures do.
      if (err !== late && STATION_WIDE.has(codeOf(err))) this.markDown(err);
      // A tap is not a poll: each failed one is worth its own line, so the user sees why the switch flipped back.
      this.log.warn(`Failed ${what}: ${messageOf(err)}`);
      throw this.noResponse();
    } finally {
      clearTimeout(timer);
    }
  }

  private onEvent(event: StationEvent): void {
    // An event means the detector just read the station: if we thought it down, check now.
    if (this.down) void this.refresh();
    switch (event.event) {
      case 'album.changed': {
        const album = this.albums.get(event.album.path);
        if (album && event.after.type !== undefined) album.applyType(event.after.type);
        break;
      }
      case 'album.removed':
      case 'album.added':
        if (this.albums.has(event.album.path)) void this.refresh();
        break;
      case 'photo.added':
        for (const album of this.albums.values()) {
          if (event.album.path === album.path || event.album.path.startsWith(`${album.path}/`)) album.triggerMotion();
        }
        break;
      case 'share.added':
      case 'share.removed':
      case 'share.changed':
        this.scheduleShareRefresh();
        break;
      default:
        break;
    }
  }

  private scheduleShareRefresh(): void {
    if (this.shareTimer || ![...this.albums.values()].some((a) => a.wantsShares)) return;
    this.shareTimer = setTimeout(() => {
      this.shareTimer = undefined;
      void this.refreshShares();
    }, SHARE_REFRESH_DELAY_MS);
    this.shareTimer.unref();
  }

  private async refreshShares(): Promise<void> {
    try {
      const shares = await this.validShares();
      for (const album of this.albums.values()) {
        if (album.wantsShares) album.applyShared(shares.some((s) => this.belongsTo(s, album.path)));
      }
    } catch (err) {
      if (STATION_WIDE.has(codeOf(err))) this.markDown(err);
    }
  }

  private scheduleRefresh(): void {
    if (!this.closed) setTimeout(() => void this.refresh(), 0).unref();
  }

  private onWarning(err: Error): void {
    if (this.closed) return; // in-flight polls fail as the client closes; that is no news
    // The detector repeats a failing poll every interval. Let a refresh classify it: if the station
    // is down, markDown logs that once; anything else is logged once per distinct message.
    void this.refresh().then(() => {
      if (!this.down) this.warnOnce(`warning:${messageOf(err)}`, `Change detector: ${messageOf(err)}`);
    });
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key) || this.closed) return;
    this.warned.add(key);
    this.log.warn(message);
  }

  private albumProblem(accessory: AlbumAccessory, err: unknown): void {
    if (this.closed) return;
    const code = codeOf(err);
    const problem = code === 'not_found'
      ? `Album ${accessory.path} does not exist on the station, or this account cannot see it; its accessory shows "No Response"`
      : `Album ${accessory.path}: ${messageOf(err)}`;
    if (accessory.setProblem(problem)) this.log.error(problem);
  }

  private markDown(err: unknown): void {
    if (this.closed) return; // reads in flight fail as the client closes at shutdown; that is no outage
    const message = messageOf(err);
    // A refused certificate is "unavailable" to the catalogue, but its remedy is the configuration.
    const kind = err instanceof ActionError && err.stationCode === ClientErrorCode.TLS ? 'tls' : codeOf(err);
    const news = this.down?.code !== kind;
    this.down = { code: kind, message };
    if (news) {
      const url = safeUrl(this.settings!.url);
      const settings = this.settings!;
      this.log.error(kind === 'unauthorized'
        ? `Photo Station ${url} refused the login of "${settings.username ?? ''}": ${message}. Accessories show "No Response" until it is fixed.`
        : kind === 'tls'
          ? `Photo Station ${url} presented a TLS certificate this configuration does not trust (${message}). Check tls.fingerprint or tls.ca; accessories show "No Response" until then.`
          : `Photo Station ${url} is not reachable (${message}). Accessories show "No Response" until it answers again.`);
      for (const album of this.albums.values()) album.pushError();
    }
    this.scheduleRetry();
  }

  private markUp(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    if (!this.down) return;
    this.down = undefined;
    this.warned.clear();
    this.log.info(`Photo Station ${safeUrl(this.settings!.url)} answers again`);
    for (const album of this.albums.values()) album.push();
  }

  /** While down, look again every polling interval (at least a second apart): HomeKit should see the station back as soon as it is. */
  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = Math.max(this.settings!.watch.intervalMs, 1000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.refresh();
    }, delay);
    this.retryTimer.unref();
  }
}
