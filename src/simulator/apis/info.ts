import { E } from '../errors';
import { ApiError } from '../errors';
import type { ApiDefinition } from '../registry';

/** `SYNO.API.Info query` (spec §3.1): describes the other APIs; unknown names are left out. */
export function discoveryApi(all: () => ApiDefinition[]): ApiDefinition {
  return {
    name: 'SYNO.API.Info', path: 'query.php', minVersion: 1, maxVersion: 1,
    methods: {
      query: (ctx) => {
        const wanted = ctx.need('query');
        const names = wanted === 'all' ? null : new Set(wanted.split(',').map((s) => s.trim()));
        const data: Record<string, object> = {};
        for (const api of all()) {
          if (names && !names.has(api.name)) continue;
          data[api.name] = { path: api.path, minVersion: api.minVersion, maxVersion: api.maxVersion };
        }
        return data;
      },
    },
  };
}

export const infoApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Info', path: 'info.php', minVersion: 1, maxVersion: 2,
  methodVersions: { getexternalip: [2, 2] },
  methods: {
    getinfo: (ctx) => ({ ...ctx.state.settings }),
    getexternalip: (ctx) => {
      const host = String(ctx.state.settings.external_host || ctx.state.settings.external_host_quickconnect || '');
      if (host === '' && !ctx.caller.admin) throw new ApiError(E.NO_PERMISSION);
      return { external_host_external_ip: host };
    },
  },
};
