import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportFixture, type Fixture, FixtureError, loadFixture } from './fixture';
import { readBody } from './http';
import { applySeed, isSeed } from './seeds';
import type { SimServer } from './server';
import { sendJson } from './server';
import { makeUser, type SimConfig, SimState } from './state';

class ControlError extends Error {}

/**
 * Loads a fixture into a scratch state first: a broken fixture is refused as a whole with a 400 that says why,
 * and the running library stays as it was.
 */
function checkFixture(fixture: unknown): void {
  try {
    const scratch = new SimState();
    scratch.clearContent();
    loadFixture(scratch, fixture as Fixture);
  } catch (err) {
    if (err instanceof FixtureError) throw err;
    throw new ControlError(`fixture is malformed: ${(err as Error).message}`);
  }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, 64 * 1024 * 1024);
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlError('body must be a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw err instanceof ControlError ? err : new ControlError('body is not JSON');
  }
}

function parseTime(v: unknown): number {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new ControlError('time must be an ISO string or epoch milliseconds');
  return ms;
}

const CONFIG_KEYS: Record<keyof SimConfig, 'number' | 'boolean'> = {
  idleTimeoutMs: 'number', singleSession: 'boolean', indexingDelayMs: 'number', loginMaxTries: 'number',
  loginBlockMs: 'number', bracketBug: 'boolean',
};

/** The `/__sim/` side channel (design contract and docs/simulator.md); never reachable under `/photo/`. */
export async function handleControl(server: SimServer, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { state } = server;
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
  const ok = (body: unknown = { ok: true }): void => sendJson(res, 200, body);
  try {
    switch (route) {
      case 'GET /__sim/stats':
        return ok({ ...(state.stats.toJSON() as object), sessions: state.sessions.count, logins: state.sessions.logins });
      case 'POST /__sim/stats/reset':
        state.stats.reset();
        state.sessions.logins = 0;
        return ok();
      case 'POST /__sim/reset': {
        const body = await jsonBody(req);
        const seed = String(body.seed ?? server.seed);
        if (!isSeed(seed)) throw new ControlError('seed must be demo, empty or photos:N');
        if (body.fixture !== undefined) checkFixture(body.fixture);
        applySeed(state, seed, body.fixture as Fixture | undefined);
        state.stats.reset();
        state.faults.clear();
        return ok();
      }
      case 'POST /__sim/fixture': {
        const body = await jsonBody(req);
        checkFixture(body);
        state.clearContent();
        loadFixture(state, body as Fixture);
        state.standard.changes.length = 0;
        return ok();
      }
      case 'GET /__sim/state':
        return ok(exportFixture(state, url.searchParams.get('secrets') === '1'));
      case 'GET /__sim/changes': {
        const since = Number(url.searchParams.get('since') ?? '0');
        const changes = state.standard.changes.filter((c) => c.seq > since);
        return ok({ changes, last: changes.length ? changes[changes.length - 1].seq : since });
      }
      case 'GET /__sim/faults':
        return ok({ faults: state.faults.all() });
      case 'POST /__sim/faults': {
        const body = await jsonBody(req);
        try {
          return ok({ fault: state.faults.add(body) });
        } catch (err) {
          throw new ControlError((err as Error).message);
        }
      }
      case 'DELETE /__sim/faults':
        state.faults.clear();
        return ok();
      case 'GET /__sim/chaos':
        return ok(state.faults.chaosReport());
      case 'POST /__sim/chaos': {
        const body = await jsonBody(req);
        try {
          state.faults.startChaos(body);
        } catch (err) {
          throw new ControlError((err as Error).message);
        }
        return ok(state.faults.chaosReport());
      }
      case 'DELETE /__sim/chaos':
        state.faults.stopChaos();
        return ok(state.faults.chaosReport());
      case 'GET /__sim/sessions':
        return ok({
          count: state.sessions.count, logins: state.sessions.logins,
          ...(url.searchParams.get('secrets') === '1' ? { sids: state.sessions.ids() } : {}),
        });
      case 'POST /__sim/sessions/expire': {
        const body = await jsonBody(req);
        return ok({ expired: state.sessions.expireAll(typeof body.user === 'string' ? body.user : undefined) });
      }
      case 'GET /__sim/config':
        return ok({ ...state.config });
      case 'POST /__sim/config': {
        const body = await jsonBody(req);
        for (const [key, value] of Object.entries(body)) {
          const type = CONFIG_KEYS[key as keyof SimConfig];
          if (!type) throw new ControlError(`unknown config key ${key}`);
          if (typeof value !== type) throw new ControlError(`${key} must be a ${type}`);
          (state.config as unknown as Record<string, unknown>)[key] = value;
        }
        return ok({ ...state.config });
      }
      case 'GET /__sim/clock':
        return ok({ now: new Date(state.clock.now()).toISOString() });
      case 'POST /__sim/clock': {
        const body = await jsonBody(req);
        if (body.real === true) state.clock.real();
        else if (body.now !== undefined && body.pinned === true) state.clock.pin(parseTime(body.now));
        else if (body.now !== undefined) state.clock.set(parseTime(body.now));
        else if (typeof body.advanceMs === 'number' && Number.isFinite(body.advanceMs)) state.clock.advance(body.advanceMs);
        else throw new ControlError('give now, advanceMs or real');
        return ok({ now: new Date(state.clock.now()).toISOString() });
      }
      case 'POST /__sim/settings': {
        const body = await jsonBody(req);
        Object.assign(state.settings, body);
        return ok({ ...state.settings });
      }
      case 'POST /__sim/users': {
        const body = await jsonBody(req);
        if (typeof body.name !== 'string' || typeof body.password !== 'string') throw new ControlError('name and password');
        const groups = Array.isArray(body.groups) ? body.groups.map(String) : [];
        for (const g of groups) if (!state.groups.has(g)) state.groups.set(g, { name: g, description: '' });
        state.users.set(body.name, makeUser(body.name, body.password, {
          admin: body.admin === true, groups, disabled: body.disabled === true, allowed: body.allowed !== false,
          allowPublicShare: body.allow_public_share === true || body.admin === true,
        }));
        return ok();
      }
      default:
        sendJson(res, 404, { error: `no side-channel route ${route}` });
    }
  } catch (err) {
    if (err instanceof ControlError || err instanceof FixtureError) sendJson(res, 400, { error: err.message });
    else throw err;
  }
}
