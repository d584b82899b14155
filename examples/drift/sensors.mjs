// The pump readings of the drift example, shared by make-data.mjs (training files) and send-traffic.mjs (live
// requests): a seeded generator, so a phase and a seed always give the same rows.

export const HEADER = ['temperature', 'vibration', 'pressure', 'rpm', 'line', 'failure'];
/** What a live request carries: the model's features (the line is in the training files, not in the model). */
export const FEATURES = HEADER.slice(0, 4);

function generator(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

/** `rows` readings of a phase: spring (`before`) or summer (`after`). */
export function readings(phase, rows, seed) {
  const { uniform, normal } = generator(seed);
  const normalTemp = phase === 'before' ? 60 : 68;
  const lineShares = phase === 'before' ? [0.34, 0.33, 0.33] : [0.15, 0.15, 0.7];
  const out = [];
  for (let i = 0; i < rows; i++) {
    const temperature = normal(normalTemp, 4);
    const vibration = Math.max(0.1, normal(3, 1));
    const pressure = normal(5, 0.5);
    const rpm = normal(1500, 120);
    const u = uniform();
    const line = u < lineShares[0] ? 'A' : u < lineShares[0] + lineShares[1] ? 'B' : 'C';
    // Heat above the season's normal, shaking and low pressure wear a pump out.
    const score = 0.55 * (temperature - normalTemp) + 1.4 * (vibration - 3) - 1.6 * (pressure - 5) + 0.004 * (rpm - 1500) - 0.8;
    const failure = uniform() < 1 / (1 + Math.exp(-2 * score)) ? 'yes' : 'no';
    out.push({
      temperature: round(temperature, 2), vibration: round(vibration, 3), pressure: round(pressure, 3), rpm: Math.round(rpm), line, failure,
    });
  }
  return out;
}
