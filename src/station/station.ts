import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { ActionContext, Progress } from '../actions/define';
import { runAction, type RunOptions } from '../actions/catalogue';
import { PhotoStationClient, type Logger, type PhotoStationClientOptions } from '../photostation/client';
import { ChangeDetector, type ChangeDetectorOptions, type DetectorProgress, type StationEvent } from '../watch';
import { StationMemory } from './memory';

export type WatchOptions = Pick<ChangeDetectorOptions, 'intervalMs' | 'reconcileMs' | 'floorMs' | 'quietHours' | 'headSize'>;

export interface StationOptions extends Omit<PhotoStationClientOptions, 'logger'> {
  /** Where the station keeps what it must remember (album types before a lock, exact share windows, detector state). */
  dataDir?: string;
  logger?: Logger;
  /** How often links made with an exact end time are checked, default 60 s. */
  shareCheckMs?: number;
  /** The change detector's polling; `false` (the default) runs none. */
  watch?: WatchOptions | false;
  /** See ChangeDetectorOptions.deliver: events count as delivered only when this resolves. */
  deliver?: ChangeDetectorOptions['deliver'];
  now?: () => number;
}

export interface StationEvents {
  event: [StationEvent];
  progress: [DetectorProgress];
  /** Something went wrong in the background (a poll, a share expiry); the station keeps going. */
  warning: [Error];
  'share-expired': [string];
}

export interface RunActionOptions extends RunOptions {
  progress?(p: Progress): void;
  signal?: AbortSignal;
}

/**
 * One Photo Station as the faces hold it: the client, what the station remembers, and the action runner.
 * Node-RED keeps one in its config node, the bridge one per configured station, the CLI one per call.
 */
export class Station extends EventEmitter<StationEvents> {
  readonly client: PhotoStationClient;
  readonly memory: StationMemory;
  readonly detector?: ChangeDetector;
  private readonly now: () => number;
  private shareTimer?: NodeJS.Timeout;
  private closed = false;

  /** The account, for status lines; the password lives only inside the client. */
  readonly username: string | undefined;
  private readonly shareCheckMs: number;

  constructor(options: StationOptions) {
    super();
    this.username = options.username;
    this.shareCheckMs = options.shareCheckMs ?? 60_000;
    const { dataDir, shareCheckMs: _s, now: _n, watch, deliver, ...clientOptions } = options;
    this.client = new PhotoStationClient(clientOptions);
    this.memory = new StationMemory(dataDir ? join(dataDir, 'memory.json') : undefined);
    this.now = options.now ?? Date.now;
    if (watch) {
      this.detector = new ChangeDetector({
        ...watch, client: this.client, statePath: dataDir ? join(dataDir, 'detector.json') : undefined, logger: options.logger, deliver,
      });
      this.detector.on('event', (e) => this.emit('event', e));
      this.detector.on('progress', (p) => this.emit('progress', p));
      this.detector.on('error', (err) => this.emit('warning', err));
    }
  }

  private context(options: RunActionOptions): ActionContext {
    return {
      client: this.client,
      memory: this.memory,
      now: this.now,
      progress: options.progress,
      signal: options.signal,
      station: this.detector ? { status: () => this.status(), rescan: () => this.rescan() } : { status: () => this.status() },
    };
  }

  /** Runs one action of the catalogue; failures are ActionErrors with a code and a message for people. */
  run(action: string, input: unknown, options: RunActionOptions = {}): Promise<unknown> {
    return runAction(this.context(options), action, input, options);
  }

  status(): Record<string, unknown> {
    return { user: this.username ?? null, closed: this.closed, detector: this.detector?.status() ?? null };
  }

  /** A full reconcile now; answers what the detector then reports. */
  async rescan(): Promise<Record<string, unknown>> {
    if (!this.detector) throw new Error('this station runs no change detector');
    await this.detector.reconcileNow();
    return { rescanned: true, detector: this.detector.status() };
  }

  /** Starts the long-running duties: the change detector, and ending links at their exact end time. */
  start(): void {
    if (this.shareTimer || this.closed) return;
    this.shareTimer = setInterval(() => void this.expireShares(), this.shareCheckMs);
    this.shareTimer.unref();
    this.detector?.start().catch((err: Error) => this.emit('warning', err));
  }

  /**
   * The NAS ends links at the end of a day; the station ends them at the exact time asked for.
   * Answers the share ids it revoked.
   */
  async expireShares(): Promise<string[]> {
    const now = this.now();
    const revoked: string[] = [];
    for (const [shareId, record] of this.memory.shares()) {
      if (record.end === undefined || record.end > now || record.ended) continue;
      try {
        const result = (await this.run('share.get', { share_id: shareId })) as { status: string };
        if (result.status !== 'revoked') {
          await this.run('share.revoke', { share_id: shareId });
          revoked.push(shareId);
          this.emit('share-expired', shareId);
        }
        const current = this.memory.share(shareId);
        if (current) this.memory.setShare(shareId, { ...current, ended: true });
      } catch (err) {
        this.emit('warning', err instanceof Error ? err : new Error(String(err)));
      }
    }
    return revoked;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.shareTimer) clearInterval(this.shareTimer);
    await this.detector?.stop();
    await this.client.close();
  }
}
