// Fan-in: reads every train instance's model and keeps the most accurate one.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const inputs = process.env.SLIPWAY_INPUTS;
const models = readdirSync(inputs)
  .filter((name) => name.startsWith('train'))
  .map((name) => JSON.parse(readFileSync(join(inputs, name, 'model.json'), 'utf8')));
const best = models.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
writeFileSync(join(process.env.SLIPWAY_OUTPUTS, 'best.json'), JSON.stringify(best));
console.log(`best of ${models.length}: seed ${best.seed}, accuracy ${best.accuracy.toFixed(3)}`);
