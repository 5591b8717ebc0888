// `slipway` from the TypeScript sources, for tests that need it as a real process (queue workers).
import { main } from '@slipway/cli';

process.exitCode = await main(process.argv);
