import { isIP } from 'node:net';
import { allApis } from './apis';
import { type Fixture, loadFixture } from './fixture';
import { createSelfSignedCertificate } from './selfsigned';
import { applySeed, isSeed, type Seed } from './seeds';
import { SimServer } from './server';
import { makeUser, type SimConfig, SimState } from './state';

export interface SimulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  seed?: Seed;
  fixture?: Fixture;
  /** Extra accounts on top of the seed. */
  users?: Array<{ name: string; password: string; admin?: boolean; groups?: string[] }>;
  https?: boolean;
  config?: Partial<SimConfig>;
}

export interface Simulator {
  /** `http://HOST:PORT/photo/webapi/` */
  baseUrl: string;
  /** `http://HOST:PORT` */
  origin: string;
  host: string;
  port: number;
  /** With https: the SHA-256 fingerprint (`AB:CD:…`) and PEM of the self-signed certificate. */
  fingerprint?: string;
  certPem?: string;
  state: SimState;
  close(): Promise<void>;
}

/** Starts a Photo Station simulator on loopback (spec §6). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 'empty';
  if (!isSeed(seed)) throw new Error(`seed must be demo, empty or photos:N, not "${String(seed)}"`);
  const state = new SimState();
  Object.assign(state.config, options.config ?? {});
  applySeed(state, seed);
  if (options.fixture) {
    loadFixture(state, options.fixture);
    state.standard.changes.length = 0;
  }
  for (const u of options.users ?? []) {
    for (const g of u.groups ?? []) if (!state.groups.has(g)) state.groups.set(g, { name: g, description: '' });
    state.users.set(u.name, makeUser(u.name, u.password, { admin: !!u.admin, groups: u.groups ?? [] }));
  }
  // The certificate names the host it is served on: as an IP address or as a DNS name (`--host localhost`).
  const bareHost = host.replace(/^\[|\]$/g, '');
  const altNames = isIP(bareHost) ? { ip: [bareHost] } : { dns: [bareHost] };
  const tls = options.https ? createSelfSignedCertificate({ commonName: bareHost, altNames }) : undefined;
  const server = new SimServer(state, allApis(), { tls: tls && { key: tls.key, cert: tls.cert } });
  server.seed = seed;
  const address = await server.listen(options.port ?? 0, host);
  const origin = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    baseUrl: `${origin}/photo/webapi/`,
    origin,
    host,
    port: address.port,
    fingerprint: tls?.fingerprint256,
    certPem: tls?.cert,
    state,
    close: () => server.close(),
  };
}

export type { Fixture } from './fixture';
export type { Seed } from './seeds';
