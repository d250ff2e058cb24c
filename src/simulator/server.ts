import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Binary, Ctx } from './context';
import { handleControl } from './control';
import { ApiError, E } from './errors';
import { BadRequest, parseRequest, readBody, type ParsedRequest } from './http';
import { handleLegacyUpload } from './legacy-upload';
import { mangle } from './mangle';
import { handleSharePage } from './share-page';
import type { ApiDefinition } from './registry';
import type { Session } from './sessions';
import type { SimState } from './state';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const envelopeError = (code: number): object => ({ success: false, error: { code } });

/** `/photo/...` is the standard Photo Station, `/~owner/photo/...` a personal one (spec §1.1). */
export function splitInstance(pathname: string): { owner: string; rest: string } | undefined {
  const m = /^\/(?:~([^/]+)\/)?photo(\/.*)?$/.exec(pathname);
  if (!m) return undefined;
  let owner = '';
  try {
    owner = m[1] ? decodeURIComponent(m[1]) : '';
  } catch {
    return undefined;
  }
  return { owner, rest: m[2] ?? '/' };
}

export interface ServerOptions {
  tls?: { key: string; cert: string };
}

/** The HTTP face of the simulator: Synology paths, the public share page and the `/__sim/` side channel. */
export class SimServer {
  readonly server: http.Server;
  private readonly byPath = new Map<string, ApiDefinition[]>();
  private readonly byName = new Map<string, ApiDefinition>();
  private readonly sockets = new Set<Socket>();
  /** What `POST /__sim/reset` goes back to when no seed is named. */
  seed: string = 'empty';

  constructor(readonly state: SimState, readonly apis: ApiDefinition[], options: ServerOptions = {}) {
    for (const api of apis) {
      this.byName.set(api.name, api);
      const list = this.byPath.get(api.path) ?? [];
      list.push(api);
      this.byPath.set(api.path, list);
    }
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        this.state.stats.internalErrors++;
        if (!res.headersSent) sendJson(res, 200, envelopeError(E.UNKNOWN));
        else res.destroy();
        if (process.env.PHOTOSTATION_SIM_DEBUG) console.error(err);
      });
    };
    this.server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('secureConnection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A broken client must never take the simulator down.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  api(name: string): ApiDefinition | undefined {
    return this.byName.get(name);
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve(this.server.address() as AddressInfo));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private origin(req: http.IncomingMessage): string {
    const scheme = this.server instanceof https.Server ? 'https' : 'http';
    return `${scheme}://${req.headers.host ?? 'localhost'}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://simulator.invalid');
    } catch {
      // A request target no URL parser accepts (e.g. `//[`): a client error, not ours.
      res.writeHead(400, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>400 Bad Request</h1></body></html>');
      return;
    }
    if (url.pathname.startsWith('/__sim/')) {
      await handleControl(this, req, res, url);
      return;
    }
    const where = splitInstance(url.pathname);
    const lib = where ? this.state.instance(where.owner) : undefined;
    if (!where || !lib) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    const basePath = where.owner === '' ? '/photo' : `/~${encodeURIComponent(where.owner)}/photo`;
    if (where.rest.startsWith('/share/')) {
      await handleSharePage(this, req, res, lib, where.rest.slice('/share/'.length), url);
      return;
    }
    if (where.rest === '/include/asst_file_upload.php') {
      await handleLegacyUpload(this, req, res, where.owner, lib);
      return;
    }
    if (!where.rest.startsWith('/webapi/')) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    const file = where.rest.slice('/webapi/'.length);
    let body: Buffer;
    let parsed: ParsedRequest;
    try {
      body = await readBody(req);
      parsed = parseRequest(req, url, body);
    } catch (err) {
      if (err instanceof BadRequest) {
        sendJson(res, 200, envelopeError(E.BAD_REQUEST));
        return;
      }
      throw err;
    }
    const apiName = parsed.params.get('api') ?? '';
    const method = parsed.params.get('method') ?? '';
    this.state.stats.count(apiName || '(none)', method || '(none)');

    const fault = this.state.faults.take(apiName, method);
    if (fault) {
      switch (fault.kind) {
        case 'latency':
          await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
          break;
        case 'drop':
          req.socket.destroy();
          return;
        case 'garbage':
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.end('<br />\n<b>Fatal error</b>: Allowed memory size exhausted in <b>photo.php</b>');
          return;
        case 'http':
          res.writeHead(fault.status ?? 500, { 'Content-Type': 'text/html' });
          res.end(`<html><body><h1>${fault.status ?? 500}</h1></body></html>`);
          return;
        case 'error':
          sendJson(res, 200, envelopeError(fault.code ?? E.UNKNOWN));
          return;
        case 'expire_session':
        case 'kick': {
          // A kick-out is what a newer login does in single-session mode: the session ends with 107.
          const sid = parsed.cookies.get('PHPSESSID') ?? parsed.params.get('_sid');
          if (sid) this.state.sessions.end(sid, fault.kind === 'kick' ? 107 : 106);
          break;
        }
        case 'mangle':
          break;
      }
    }
    const result = await this.call(req, res, parsed, file, where.owner, basePath);
    if (result === undefined) return;
    if (fault?.kind === 'mangle') {
      const bytes = mangle(result.body, fault.mode ?? 'types');
      res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': bytes.length, ...result.headers });
      res.end(bytes);
      return;
    }
    sendJson(res, 200, result.body, result.headers);
  }

  private async call(
    req: http.IncomingMessage, res: http.ServerResponse, parsed: ParsedRequest, file: string, owner: string,
    basePath: string,
  ): Promise<{ body: object; headers?: Record<string, string> } | undefined> {
    const apiName = parsed.params.get('api');
    const methodName = parsed.params.get('method');
    const versionText = parsed.params.get('version');
    if (!apiName) return { body: envelopeError(E.BAD_REQUEST) };
    const api = this.byName.get(apiName);
    // The discovery CGI answers under both names (spec §1.1); every other API only at its own path.
    const pathOk = api && (api.path === file || (api.name === 'SYNO.API.Info' && file === 'query.cgi'));
    if (!api || !pathOk) return { body: envelopeError(E.NO_SUCH_API) };
    if (!methodName || !versionText) return { body: envelopeError(E.BAD_REQUEST) };
    const handler = Object.hasOwn(api.methods, methodName) ? api.methods[methodName] : undefined;
    if (!handler) return { body: envelopeError(E.NO_SUCH_METHOD) };
    const version = /^\d{1,4}$/.test(versionText) ? Number(versionText) : NaN;
    const [min, max] = api.methodVersions?.[methodName] ?? [api.minVersion, api.maxVersion];
    if (!(version >= min && version <= max)) return { body: envelopeError(E.NOT_SUPPORTED_VERSION) };

    const remote = req.socket.remoteAddress ?? '';
    let session: Session | undefined;
    const sid = parsed.cookies.get('PHPSESSID') ?? parsed.params.get('_sid');
    const sessionless = apiName === 'SYNO.API.Info' || (apiName === 'SYNO.PhotoStation.Auth' && methodName !== 'checkauth');
    try {
      session = sessionless ? undefined : this.state.sessions.resolve(sid, remote);
    } catch (err) {
      if (err instanceof ApiError) return { body: envelopeError(err.code) };
      throw err;
    }
    const lib = this.state.instance(owner)!;
    const ctx = new Ctx(
      this.state, lib, owner, parsed, session, remote, this.origin(req), basePath, apiName, methodName, version,
    );
    if (sessionless && sid) ctx.request.cookies.set('PHPSESSID', sid);
    try {
      const data = await handler(ctx);
      if (data instanceof Binary) {
        const headers: Record<string, string | number> = { 'Content-Type': data.contentType, 'Content-Length': data.data.length };
        if (data.filename) {
          // The quoted form must be plain ASCII (Node refuses anything else in a header); filename* carries UTF-8.
          headers['Content-Disposition'] = `attachment; filename="${data.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; `
            + `filename*=UTF-8''${encodeURIComponent(data.filename)}`;
        }
        res.writeHead(200, headers);
        res.end(data.data);
        return undefined;
      }
      if (data && typeof data === 'object' && 'setCookie' in data) {
        const { setCookie, data: payload } = data as { setCookie: string; data: unknown };
        return { body: { success: true, data: payload }, headers: { 'Set-Cookie': setCookie } };
      }
      return { body: data === undefined ? { success: true } : { success: true, data } };
    } catch (err) {
      if (err instanceof ApiError) return { body: envelopeError(err.code) };
      throw err;
    }
  }
}
