// The playground's engine computes what lessons_code computes: every trace that lessons_code
// writes (python -m lessons_code.playground traces) is replayed here and must agree to 1e-12
// (relative); and the engine's backward pass agrees with finite differences of its own cost.
//
// The traces come from PLAYGROUND_TRACES (a JSON file) if set, else from running the repository's
// Python (PLAYGROUND_PYTHON, else .venv/bin/python, else python3) at test time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "../src/engine.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const TOLERANCE = 1e-12;

function loadTraces() {
  if (process.env.PLAYGROUND_TRACES) return JSON.parse(readFileSync(process.env.PLAYGROUND_TRACES, "utf8"));
  const venv = join(ROOT, ".venv", "bin", "python");
  const python = process.env.PLAYGROUND_PYTHON || (existsSync(venv) ? venv : "python3");
  const out = execFileSync(python, ["-m", "lessons_code.playground", "traces", "-"], {
    cwd: ROOT, maxBuffer: 256 << 20, encoding: "utf8",
    env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" },
  });
  return JSON.parse(out);
}

const { traces, datasets } = loadTraces();

/** Largest |a - b| over the largest |b| of the array (0 when both are all zeros). */
function relErr(a, b) {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

const flat = (rows) => rows.flat();
let worst = { err: 0, where: "" };
const note = (err, where) => { if (err > worst.err) worst = { err, where }; };

test("lessons_code wrote traces of every preset, each activation, and depths >= 2", () => {
  const acts = new Set(traces.map((t) => t.activation));
  for (const a of E.ACTIVATIONS) assert.ok(acts.has(a), `no trace with ${a}`);
  assert.ok(traces.some((t) => t.layer_dims.length - 2 >= 2), "no trace with two hidden layers");
  assert.ok(traces.some((t) => t.layer_dims.length - 2 >= 4), "no trace with four hidden layers");
  assert.ok(traces.some((t) => t.batch_size), "no mini-batch trace");
  assert.ok(traces.some((t) => t.init === "zeros") && traces.some((t) => t.init === "equal"));
});

for (const tr of traces) {
  test(`parity with lessons_code: ${tr.name}`, () => {
    const d = datasets[tr.dataset];
    const X = E.fromRows(d.X_train), Y = E.fromRows(d.Y_train);
    const params = E.parametersFromJSON(tr.initial);
    assert.deepEqual(E.layerDimsOf(params), tr.layer_dims);
    for (let s = 0; s < tr.steps; s++) {
      let Xb = X, Yb = Y;
      if (tr.batches) {
        const idx = Int32Array.from(tr.batches[s]);
        Xb = E.takeColumns(X, idx, 0, idx.length);
        Yb = E.takeColumns(Y, idx, 0, idx.length);
      }
      const { cost } = E.step(params, Xb, Yb, tr.activation, tr.learning_rate);
      const err = Math.abs(cost - tr.costs[s]) / Math.abs(tr.costs[s]);
      note(err, `${tr.name} cost of step ${s + 1}`);
      assert.ok(err <= TOLERANCE, `step ${s + 1}: cost ${cost} vs lessons_code ${tr.costs[s]} (relative ${err})`);
    }
    // final parameters: per layer, the largest difference over W[l] and b[l] together, relative to
    // their largest entry (b[l] alone can sit near zero, e.g. 1e-4 next to weights of 4)
    for (let l = 0; l < params.W.length; l++) {
      const mine = [...params.W[l].data, ...params.b[l].data];
      const ref = [...flat(tr.final[`W${l + 1}`]), ...flat(tr.final[`b${l + 1}`])];
      const err = relErr(mine, ref);
      note(err, `${tr.name} final W${l + 1}, b${l + 1}`);
      assert.ok(err <= TOLERANCE, `final W${l + 1}, b${l + 1}: relative error ${err}`);
    }
  });
}

test("zeros and equal starts keep the hidden units identical (the symmetry problem)", () => {
  for (const init of ["zeros", "equal"]) {
    const d = datasets.flower;
    const t = new E.Trainer({ X: E.fromRows(d.X_train), Y: E.fromRows(d.Y_train) },
      { layers: [4], activation: "tanh", learningRate: 1.2, init, batchSize: 0, seed: 3 });
    for (let s = 0; s < 50; s++) t.step();
    const W1 = t.params.W[0];
    for (let i = 1; i < 4; i++)
      for (let k = 0; k < 2; k++) assert.equal(W1.data[i * 2 + k], W1.data[k], `${init}: row ${i} differs`);
  }
});

/** The cost as a function of every parameter: finite differences against backward(). */
function gradCheck(act, dims, seed) {
  const rng = E.makeRng(seed);
  const m = 7;
  const X = E.matrix(dims[0], m), Y = E.matrix(1, m);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
  for (let j = 0; j < m; j++) Y.data[j] = j % 2;
  const params = E.initParameters(dims, 1.0, rng);
  for (const b of params.b) for (let i = 0; i < b.data.length; i++) b.data[i] = 0.1 * rng.normal();
  const { AL, caches } = E.forward(X, params, act);
  const grads = E.backward(AL, Y, caches, params, act);
  const J = () => E.cost(E.forward(X, params, act).AL, Y);
  const h = 1e-6;
  let num2 = 0, den = 0, diff2 = 0, an2 = 0;
  for (let l = 0; l < params.W.length; l++) {
    for (const [P, dP] of [[params.W[l], grads.dW[l]], [params.b[l], grads.db[l]]]) {
      for (let i = 0; i < P.data.length; i++) {
        const keep = P.data[i];
        P.data[i] = keep + h; const plus = J();
        P.data[i] = keep - h; const minus = J();
        P.data[i] = keep;
        const approx = (plus - minus) / (2 * h);
        diff2 += (approx - dP.data[i]) ** 2;
        num2 += approx ** 2;
        an2 += dP.data[i] ** 2;
      }
    }
  }
  den = Math.sqrt(num2) + Math.sqrt(an2);
  return Math.sqrt(diff2) / den; // the book's gradient-check measure (lessons_code.gradcheck)
}

for (const act of E.ACTIVATIONS) {
  test(`gradient check of the backward pass: ${act}, [3, 5, 4, 3, 1]`, () => {
    const err = gradCheck(act, [3, 5, 4, 3, 1], 11);
    assert.ok(err < 1e-7, `relative difference ${err}`);
  });
}

test("a bad activation name is refused", () => {
  assert.throws(() => E.activation("softplus"), /activation must be one of/);
});

test("pairwiseSum is NumPy's order (partial sums of 8 within blocks of 128)", () => {
  const a = new Float64Array(300).map((_, i) => 1 / (i + 1));
  let seq = 0;
  for (const v of a) seq += v;
  assert.ok(Math.abs(E.pairwiseSum(a, 0, 300) - seq) < 1e-13);
  assert.equal(E.pairwiseSum(a, 0, 5), a[0] + a[1] + a[2] + a[3] + a[4]);
});

test("worst relative error over all traces <= 1e-12 (printed)", () => {
  const msg = `worst relative error over ${traces.length} traces: ${worst.err.toExponential(2)} (${worst.where})`;
  console.log(msg);
  if (process.env.PLAYGROUND_REPORT) writeFileSync(process.env.PLAYGROUND_REPORT, msg + "\n");
  assert.ok(worst.err <= TOLERANCE, msg);
});
