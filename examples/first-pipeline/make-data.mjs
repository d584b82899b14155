// Writes data/churn.csv: 240 made-up customers of a subscription service, the same rows on every run
// (a fixed-seed generator). Customers who are new, pay more and call support often leave more.
import { writeFileSync } from 'node:fs';

let state = 20240601;
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);

const rows = ['customer,tenure_months,monthly_charges,support_calls,contract,churned'];
for (let i = 1; i <= 240; i++) {
  const tenure = 1 + Math.floor(random() * 72);
  const charges = Math.round((20 + random() * 90) * 100) / 100;
  const calls = Math.floor(random() * random() * 8);
  const contract = random() < 0.55 ? 'monthly' : 'yearly';
  const score = 1.2 - tenure / 18 + (charges - 65) / 25 + calls * 0.7 + (contract === 'monthly' ? 0.8 : -0.8);
  const churned = random() < 1 / (1 + Math.exp(-3 * score)) ? 'yes' : 'no';
  rows.push(`C${String(i).padStart(4, '0')},${tenure},${charges},${calls},${contract},${churned}`);
}
writeFileSync(new URL('data/churn.csv', import.meta.url), `${rows.join('\n')}\n`);
console.log(`wrote data/churn.csv (${rows.length - 1} rows)`);
