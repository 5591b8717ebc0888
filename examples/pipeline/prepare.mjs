// Writes a synthetic churn table: tenure and monthly charges, churned when short tenure meets high charges.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const rows = Number(process.argv[2] ?? 1000);
let state = 42;
const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const lines = ['tenure,charges,churned'];
for (let i = 0; i < rows; i += 1) {
  const tenure = Math.floor(random() * 72);
  const charges = 20 + random() * 100;
  const churned = tenure < 12 && charges > 70 ? 1 : random() < 0.05 ? 1 : 0;
  lines.push(`${tenure},${charges.toFixed(2)},${churned}`);
}
writeFileSync(join(process.env.SLIPWAY_OUTPUTS, 'churn.csv'), `${lines.join('\n')}\n`);
console.log(`wrote ${rows} rows`);
