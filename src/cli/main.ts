import { runBridge } from './bridge';
import { runCall } from './call';
import { runDemo } from './demo';
import { runSim } from './sim';

const USAGE = `Usage: photostation <command> [options]

Commands:
  sim      start the Photo Station simulator (photostation sim --help)
  call     run one action against a station (photostation call --help)
  bridge   run the MQTT bridge (photostation bridge --config FILE)
  demo     run the whole product against the simulator (photostation demo --help)
`;

/** The `photostation` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim':
      return runSim(rest);
    case 'call':
      return runCall(rest);
    case 'bridge':
      return runBridge(rest);
    case 'demo':
      return runDemo(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`photostation: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
