import type { Characteristic, CharacteristicValue, PlatformAccessory, Service, WithUUID } from 'homebridge';
import type { AlbumConfig } from './config';
import type { PhotoStationPlatform } from './platform';

/** What the accessory remembers in Homebridge's cache so that the first answers after a restart are right. */
export interface CachedState {
  type?: 'public' | 'private' | 'password';
  shared?: boolean;
}

export interface AlbumContext {
  album: { id: string; path: string };
  state?: CachedState;
}

const SUBTYPE = { password: 'password', share: 'share', motion: 'motion' } as const;

/** One configured album as a HomeKit accessory: up to two switches and a motion sensor. */
export class AlbumAccessory {
  private state: CachedState;
  /** Set when the album itself is the problem (removed, no access); the station may be fine. */
  private problem: string | undefined;
  private motion = false;
  private motionTimer: NodeJS.Timeout | undefined;
  private readonly passwordService: Service | undefined;
  private readonly shareService: Service | undefined;
  private readonly motionService: Service | undefined;

  constructor(
    private readonly platform: PhotoStationPlatform,
    readonly accessory: PlatformAccessory<AlbumContext>,
    readonly album: AlbumConfig,
  ) {
    const { Service: S, Characteristic: C } = platform.api.hap;
    this.state = { ...(accessory.context.state ?? {}) };
    accessory.context.album = { id: album.id, path: album.path };

    accessory.getService(S.AccessoryInformation)!
      .setCharacteristic(C.Manufacturer, 'Synology Photo Station')
      .setCharacteristic(C.Model, 'Album')
      // HomeKit rejects serial numbers shorter than two characters; an album may be called "X".
      .setCharacteristic(C.SerialNumber, (album.path.length > 1 ? album.path : `${album.path} album`).slice(0, 64));

    this.passwordService = this.service(S.Switch, SUBTYPE.password, `${album.name} Password Protected`, album.passwordSwitch);
    this.passwordService?.getCharacteristic(C.On)
      .onGet(() => this.read(() => this.state.type === 'password'))
      .onSet((value) => this.setPassword(value));

    this.shareService = this.service(S.Switch, SUBTYPE.share, `${album.name} Shared Link`, album.shareSwitch);
    this.shareService?.getCharacteristic(C.On)
      .onGet(() => this.read(() => this.state.shared === true))
      .onSet((value) => this.setShared(value));

    this.motionService = this.service(S.MotionSensor, SUBTYPE.motion, `${album.name} New Photos`, album.motionSensor);
    this.motionService?.getCharacteristic(C.MotionDetected)
      .onGet(() => this.read(() => this.motion));
  }

  get path(): string {
    return this.album.path;
  }

  get wantsShares(): boolean {
    return this.album.shareSwitch;
  }

  /** Adds or reuses the service, or removes it when the album's config no longer exposes it. */
  private service(type: WithUUID<typeof Service>, subtype: string, name: string, wanted: boolean): Service | undefined {
    const C = this.platform.api.hap.Characteristic;
    const existing = this.accessory.getServiceById(type, subtype);
    if (!wanted) {
      if (existing) this.accessory.removeService(existing);
      return undefined;
    }
    const service = existing ?? this.accessory.addService(type, name, subtype);
    service.setCharacteristic(C.Name, name);
    // Since iOS 16 the Home app shows a service's ConfiguredName, not its Name; without it every
    // switch of the accessory would carry the accessory's name.
    if (!service.testCharacteristic(C.ConfiguredName)) service.addOptionalCharacteristic(C.ConfiguredName);
    if (!existing) service.setCharacteristic(C.ConfiguredName, name);
    return service;
  }

  /**
   * Getters answer at once from what is known: HomeKit asks often and waits for nobody. When the
   * station or the album is in trouble they answer "No Response" rather than a stale value.
   */
  private read(value: () => boolean): CharacteristicValue {
    // Also for an album in trouble: access granted again shows no event, only a fresh read sees it.
    this.platform.refreshIfStale();
    if (this.platform.isDown() || this.problem) throw this.platform.noResponse();
    return value();
  }

  private async setPassword(value: CharacteristicValue): Promise<void> {
    const enabled = value === true || value === 1;
    const before = this.state.type === 'password';
    const input: Record<string, unknown> = { album: this.album.path, enabled };
    if (enabled) input.password = this.album.password;
    const result = await this.platform.change(`${enabled ? 'locking' : 'unlocking'} album ${this.album.path}`,
      () => this.platform.station!.run('album.toggle_password', input) as Promise<{ type: CachedState['type'] }>,
      () => this.revert(this.passwordService, before));
    this.applyType(result.type);
  }

  private async setShared(value: CharacteristicValue): Promise<void> {
    const on = value === true || value === 1;
    const before = this.state.shared === true;
    await this.platform.change(`${on ? 'sharing' : 'unsharing'} album ${this.album.path}`, async () => {
      const station = this.platform.station!;
      // Fresh, not the cached ids: a link may have been made or revoked elsewhere since the last refresh.
      const mine = await this.platform.sharesOf(this.album.path);
      if (on && mine.length === 0) await station.run('share.create', { album: this.album.path, lifetime: this.album.shareLifetime });
      if (!on) for (const share of mine) await station.run('share.revoke', { share_id: share.share_id });
    }, () => this.revert(this.shareService, before));
    this.applyShared(on);
  }

  /** After a failed write the Home app still shows the tapped state; put the real one back. */
  private revert(service: Service | undefined, before: boolean): void {
    const C = this.platform.api.hap.Characteristic;
    setImmediate(() => service?.getCharacteristic(C.On).updateValue(before));
  }

  applyType(type: CachedState['type']): void {
    if (!type) return;
    this.problem = undefined;
    this.state.type = type;
    this.persist();
    this.passwordService?.getCharacteristic(this.platform.api.hap.Characteristic.On).updateValue(type === 'password');
  }

  applyShared(shared: boolean): void {
    this.state.shared = shared;
    this.persist();
    this.shareService?.getCharacteristic(this.platform.api.hap.Characteristic.On).updateValue(shared);
  }

  /** The album answered: whatever made it unusable is over. Returns whether there was a problem. */
  clearProblem(): boolean {
    const had = this.problem !== undefined;
    this.problem = undefined;
    if (had) this.push();
    return had;
  }

  /** Returns whether this is news (so the caller logs it once). */
  setProblem(problem: string): boolean {
    const changed = this.problem !== problem;
    this.problem = problem;
    if (changed) this.pushError();
    return changed;
  }

  hasProblem(): boolean {
    return this.problem !== undefined;
  }

  /** New photos: motion for motionMs; more photos within the window extend it. */
  triggerMotion(): void {
    if (!this.motionService) return;
    const C = this.platform.api.hap.Characteristic;
    this.motion = true;
    this.motionService.getCharacteristic(C.MotionDetected).updateValue(true);
    if (this.motionTimer) clearTimeout(this.motionTimer);
    this.motionTimer = setTimeout(() => {
      this.motionTimer = undefined;
      this.motion = false;
      this.motionService?.getCharacteristic(C.MotionDetected).updateValue(false);
    }, this.album.motionMs);
    this.motionTimer.unref();
  }

  /** Sends the current values to HomeKit (after the station came back). */
  push(): void {
    if (this.problem) return;
    const C = this.platform.api.hap.Characteristic;
    if (this.state.type) this.passwordService?.getCharacteristic(C.On).updateValue(this.state.type === 'password');
    if (this.state.shared !== undefined) this.shareService?.getCharacteristic(C.On).updateValue(this.state.shared);
    this.motionService?.getCharacteristic(C.MotionDetected).updateValue(this.motion);
  }

  /** Marks every characteristic "No Response" for controllers that are watching right now. */
  pushError(): void {
    const C = this.platform.api.hap.Characteristic;
    const error = this.platform.noResponse();
    const characteristics: Characteristic[] = [];
    if (this.passwordService) characteristics.push(this.passwordService.getCharacteristic(C.On));
    if (this.shareService) characteristics.push(this.shareService.getCharacteristic(C.On));
    if (this.motionService) characteristics.push(this.motionService.getCharacteristic(C.MotionDetected));
    for (const c of characteristics) c.updateValue(error);
  }

  private persist(): void {
    this.accessory.context.state = { ...this.state };
  }

  dispose(): void {
    if (this.motionTimer) clearTimeout(this.motionTimer);
  }
}
