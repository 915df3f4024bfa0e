// The playground's settings: defaults, choices, and their form in the page's URL (shareable).
//
// One query parameter per playground on the page, named after its id:
//   ?ch5-units=data:flower;layers:4.4;act:tanh;lr:1.2;init:0.01;batch:full;seed:1
// Anything missing or invalid falls back to the preset's value.

export const CHOICES = {
  dataset: ["flower", "moons", "circles", "xor"],
  depth: [0, 1, 2, 3, 4],
  units: [1, 2, 3, 4, 5, 6, 7, 8],
  activation: ["tanh", "relu", "sigmoid", "leaky_relu"],
  learningRate: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 1.2, 3, 10],
  init: ["zeros", "equal", 0.01, "lecun", "he", 1, 10],
  batchSize: [0, 1, 10, 30, 100], // 0 = all training points (full batch)
};

export const LABELS = {
  activation: { tanh: "tanh", relu: "ReLU", sigmoid: "sigmoid", leaky_relu: "leaky ReLU" },
  init: {
    zeros: "zeros (symmetric)", equal: "all 0.5 (symmetric)", 0.01: "N(0,1) × 0.01 (small)",
    lecun: "LeCun: N(0,1) × √(1/n[l−1])", he: "He: N(0,1) × √(2/n[l−1])", 1: "N(0,1) × 1", 10: "N(0,1) × 10 (large)",
  },
  batchSize: { 0: "all (full batch)" },
};

export const DEFAULT = {
  dataset: "flower", layers: [4], activation: "tanh", learningRate: 1.2, init: 0.01, batchSize: 0, seed: 1,
};

/** Settings from a preset of lessons_code.playground.PRESETS (snake_case, batch_size null = full). */
export function fromPreset(p) {
  if (!p) return { ...DEFAULT };
  return {
    dataset: p.dataset, layers: [...p.layers], activation: p.activation, learningRate: p.learning_rate,
    init: p.init, batchSize: p.batch_size || 0, seed: p.seed,
  };
}

const num = (s) => (s !== "" && Number.isFinite(Number(s)) ? Number(s) : NaN);
const oneOf = (list, v, fallback) => (list.some((c) => String(c) === String(v)) ? list.find((c) => String(c) === String(v)) : fallback);

/** Serialize settings: "data:flower;layers:4.4;act:tanh;lr:1.2;init:0.01;batch:full;seed:1". */
export function encode(s) {
  return [
    `data:${s.dataset}`, `layers:${s.layers.length ? s.layers.join(".") : "none"}`, `act:${s.activation}`,
    `lr:${s.learningRate}`, `init:${s.init}`, `batch:${s.batchSize || "full"}`, `seed:${s.seed}`,
  ].join(";");
}

/** Parse what encode() wrote; every field falls back to `base` when missing or invalid. */
export function decode(text, base = DEFAULT) {
  const out = { ...base, layers: [...base.layers] };
  if (!text) return out;
  const kv = Object.fromEntries(text.split(";").map((p) => { const i = p.indexOf(":"); return [p.slice(0, i), p.slice(i + 1)]; }));
  if (kv.data !== undefined) out.dataset = oneOf(CHOICES.dataset, kv.data, out.dataset);
  if (kv.layers !== undefined) {
    const layers = kv.layers === "none" ? [] : kv.layers.split(".").map(num);
    if (layers.length <= 4 && layers.every((n) => CHOICES.units.includes(n))) out.layers = layers;
  }
  if (kv.act !== undefined) out.activation = oneOf(CHOICES.activation, kv.act, out.activation);
  if (kv.lr !== undefined) out.learningRate = oneOf(CHOICES.learningRate, kv.lr, out.learningRate);
  if (kv.init !== undefined) out.init = oneOf(CHOICES.init, kv.init, out.init);
  if (kv.batch !== undefined) out.batchSize = kv.batch === "full" ? 0 : oneOf(CHOICES.batchSize, kv.batch, out.batchSize);
  if (kv.seed !== undefined) {
    const seed = num(kv.seed);
    if (Number.isInteger(seed) && seed >= 0 && seed <= 99999) out.seed = seed;
  }
  return out;
}
