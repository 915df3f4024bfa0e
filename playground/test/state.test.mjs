// The playground's settings survive the trip through the URL, and bad URLs fall back safely.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CHOICES, DEFAULT, decode, encode, fromPreset } from "../src/state.js";

test("encode/decode round-trips every choice", () => {
  for (const dataset of CHOICES.dataset)
    for (const init of CHOICES.init)
      for (const layers of [[], [1], [8, 8, 8, 8], [3, 5]]) {
        const s = { dataset, layers, activation: "leaky_relu", learningRate: 0.03, init, batchSize: 10, seed: 42 };
        assert.deepEqual(decode(encode(s)), s);
      }
});

test("a bad or partial URL falls back to the preset, field by field", () => {
  const base = fromPreset({ dataset: "circles", layers: [2, 2], activation: "tanh", learning_rate: 0.5,
    init: "lecun", batch_size: null, seed: 1 });
  assert.deepEqual(decode("", base), base);
  const s = decode("data:spiral;layers:9.9;act:softplus;lr:7;init:huge;batch:3;seed:-1;junk", base);
  assert.deepEqual(s, base);
  assert.deepEqual(decode("layers:none;seed:7", base), { ...base, layers: [], seed: 7 });
  assert.equal(decode("layers:1.1.1.1.1", DEFAULT).layers.length, DEFAULT.layers.length); // at most 4
});
