import { parseArgs } from 'node:util';
import { Bridge } from '../bridge/bridge';
import { ConfigError, loadConfig } from '../bridge/config';

const USAGE = `Usage: photostation bridge --config FILE

Puts one or more Photo Stations on an MQTT broker (docs/mqtt.md): requests and answers, events,
retained album state, Home Assistant discovery and schedules. Runs until SIGINT or SIGTERM, then
publishes "offline", logs out of the stations and disconnects.

Options:
  --config FILE   the bridge's YAML config (see examples/bridge.yaml)
  --check         only check the config and exit (0 when it is valid)
`;

/** `photostation bridge`; resolves with the exit code once the bridge stopped. */
export async function runBridge(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (err) {
    process.stderr.write(`photostation bridge: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.config) {
    process.stderr.write(`photostation bridge: --config FILE is required\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(values.config, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`photostation bridge: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (values.check) {
    process.stdout.write(`${values.config}: ok (${config.stations.length} station(s), ${config.schedules.length} schedule(s))\n`);
    return 0;
  }
  const bridge = new Bridge({ config });
  bridge.start();
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      bridge.log.info(`${signal}: stopping`);
      // A second signal, or a stop that hangs, must still end the process.
      const force = setTimeout(() => resolve(1), 10_000);
      force.unref();
      void bridge.stop().then(() => {
        clearTimeout(force);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(0);
      }, () => resolve(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
