// A raw HTTP caller for the simulator's conformance tests. It deliberately does not use the product's
// client: these tests pin down what the NAS answers, independently of how our client reads it.
import http from 'node:http';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json?: { success: boolean; data?: unknown; error?: { code: number } } & Record<string, unknown>;
}

export function request(
  url: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let json;
        if (/json/.test(String(res.headers['content-type']))) json = JSON.parse(body.toString('utf8'));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export const PATHS: Record<string, string> = {
  'SYNO.API.Info': 'query.php', 'SYNO.PhotoStation.Auth': 'auth.php', 'SYNO.PhotoStation.Info': 'info.php',
  'SYNO.PhotoStation.Album': 'album.php', 'SYNO.PhotoStation.Permission': 'permission.php',
  'SYNO.PhotoStation.Photo': 'photo.php', 'SYNO.PhotoStation.Thumb': 'thumb.php', 'SYNO.PhotoStation.Cover': 'cover.php',
  'SYNO.PhotoStation.SmartAlbum': 'smart_album.php', 'SYNO.PhotoStation.File': 'file.php',
  'SYNO.PhotoStation.Download': 'download.php', 'SYNO.PhotoStation.Category': 'category.php',
  'SYNO.PhotoStation.About': 'about.php', 'SYNO.PhotoStation.Tag': 'tag.php', 'SYNO.PhotoStation.PhotoTag': 'photo_tag.php',
  'SYNO.PhotoStation.Comment': 'comment.php', 'SYNO.PhotoStation.Group': 'group.php',
  'SYNO.PhotoStation.DsmShare': 'dsm_share.php', 'SYNO.PhotoStation.SharedAlbum': 'shared_album.php',
  'SYNO.PhotoStation.AdvancedShare': 'advanced_share.php',
};

export const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
export const albumId = (path: string): string => `album_${hex(path)}`;
export const itemId = (kind: 'photo' | 'video', dir: string, file: string): string => `${kind}_${hex(dir || '/')}_${hex(file)}`;

/** One simulator per suite, with helpers that speak the raw wire protocol. */
export class Sim {
  sim!: Simulator;
  cookie?: string;

  async start(options: SimulatorOptions = { seed: 'demo' }): Promise<this> {
    this.sim = await startSimulator({ host: '127.0.0.1', port: 0, ...options });
    return this;
  }

  stop(): Promise<void> {
    return this.sim.close();
  }

  /** POSTs form-encoded like the Lightroom plugin (spec Q3); `cookie: null` sends none. */
  async call(
    api: string, method: string, params: Record<string, string | number | boolean> = {},
    opts: { cookie?: string | null; version?: number; path?: string; get?: boolean; base?: string } = {},
  ): Promise<RawResponse> {
    const form = new URLSearchParams({ api, method, version: String(opts.version ?? 1) });
    for (const [k, v] of Object.entries(params)) form.set(k, String(v));
    const path = opts.path ?? PATHS[api] ?? 'unknown.php';
    const cookie = opts.cookie === null ? undefined : opts.cookie ?? this.cookie;
    const headers: Record<string, string> = {};
    if (cookie) headers.Cookie = `PHPSESSID=${cookie}`;
    const base = opts.base ?? this.sim.baseUrl;
    if (opts.get) return request(`${base}${path}?${form}`, { headers });
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return request(`${base}${path}`, { method: 'POST', headers, body: form.toString() });
  }

  /** The `data` of a successful call; fails the test with the error code otherwise. */
  async ok<T = any>(api: string, method: string, params: Record<string, string | number | boolean> = {}, opts = {}): Promise<T> {
    const res = await this.call(api, method, params, opts);
    if (!res.json?.success) throw new Error(`${api} ${method} failed: ${res.body.toString('utf8').slice(0, 200)}`);
    return res.json.data as T;
  }

  /** The error code of a call that must fail. */
  async code(api: string, method: string, params: Record<string, string | number | boolean> = {}, opts = {}): Promise<number> {
    const res = await this.call(api, method, params, opts);
    if (res.json?.success !== false) throw new Error(`${api} ${method} should have failed: ${res.body.toString('utf8').slice(0, 200)}`);
    return res.json.error!.code;
  }

  /** Logs in and returns the session id (also kept as the default cookie when `keep`). */
  async login(username = 'admin', password = 'admin', keep = true): Promise<string> {
    const res = await this.call('SYNO.PhotoStation.Auth', 'login', { username, password }, { cookie: null });
    if (!res.json?.success) throw new Error(`login ${username} failed: ${JSON.stringify(res.json)}`);
    const sid = /PHPSESSID=([^;]+)/.exec(String(res.headers['set-cookie']))![1];
    if (keep) this.cookie = sid;
    return sid;
  }

  async control(method: string, path: string, body?: unknown): Promise<any> {
    const res = await request(`${this.sim.origin}/__sim/${path}`, {
      method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return JSON.parse(res.body.toString('utf8'));
  }
}
