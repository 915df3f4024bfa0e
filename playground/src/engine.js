// The playground's network: lessons_code.deep, operation for operation, in float64.
//
// Notation (as in the book): one example per column; X is (n[0], m); layer l = 1..L has W[l]
// (n[l], n[l-1]) and b[l] (n[l], 1); Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l]); the output is one
// sigmoid unit and the cost J is the binary cross-entropy averaged over the m examples.
// A matrix is {rows, cols, data: Float64Array} stored row by row, like a C-contiguous NumPy array.
//
// Same order of operations as NumPy where it matters: sums over examples (db[l], the cost) use
// NumPy's pairwise summation (pairwiseSum); a product's inner sum runs k = 0, 1, ... The matrix
// products of NumPy come from BLAS, whose kernels may fuse multiply-adds, so agreement is to
// rounding (the Node test requires 1e-12 relative), not bit for bit.

export const ACTIVATIONS = ["tanh", "relu", "sigmoid", "leaky_relu"];
export const LEAKY_ALPHA = 0.01; // lessons_code.activations.leaky_relu's default
export const EPSILON = 1e-15; // lessons_code.losses.EPSILON

export function matrix(rows, cols, data) {
  return { rows, cols, data: data || new Float64Array(rows * cols) };
}

/** A matrix from a list of rows (as JSON stores NumPy's tolist()). */
export function fromRows(rows) {
  const r = rows.length, c = r ? rows[0].length : 0;
  const M = matrix(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) M.data[i * c + j] = rows[i][j];
  return M;
}

export function toRows(M) {
  const out = [];
  for (let i = 0; i < M.rows; i++) out.push(Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
  return out;
}

/** NumPy's pairwise summation of a[lo .. lo+n) (numpy/_core/src/umath/loops_utils.h.src). */
export function pairwiseSum(a, lo, n) {
  if (n < 8) {
    let res = 0.0;
    for (let i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[lo], r1 = a[lo + 1], r2 = a[lo + 2], r3 = a[lo + 3];
    let r4 = a[lo + 4], r5 = a[lo + 5], r6 = a[lo + 6], r7 = a[lo + 7];
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      r0 += a[lo + i]; r1 += a[lo + i + 1]; r2 += a[lo + i + 2]; r3 += a[lo + i + 3];
      r4 += a[lo + i + 4]; r5 += a[lo + i + 5]; r6 += a[lo + i + 6]; r7 += a[lo + i + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
}

// ---------------------------------------------------------------------------------------------
// activations g and their derivatives g' (lessons_code.activations)
// ---------------------------------------------------------------------------------------------
export function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

const G = {
  tanh: [Math.tanh, (z) => { const t = Math.tanh(z); return 1.0 - t * t; }],
  relu: [(z) => (z > 0 ? z : 0.0), (z) => (z > 0 ? 1.0 : 0.0)],
  sigmoid: [sigmoid, (z) => { const s = sigmoid(z); return s * (1.0 - s); }],
  leaky_relu: [(z) => (z > 0 ? z : LEAKY_ALPHA * z), (z) => (z > 0 ? 1.0 : LEAKY_ALPHA)],
};

export function activation(name) {
  const g = G[name];
  if (!g) throw new Error(`activation must be one of ${ACTIVATIONS.join(", ")}, got ${name}`);
  return g;
}

// ---------------------------------------------------------------------------------------------
// parameters
// ---------------------------------------------------------------------------------------------
/** A small seeded generator (mulberry32) with normal draws (Box-Muller): the playground's own
 *  randomness. It is not NumPy's: the parity traces carry NumPy's initial weights instead. */
export function makeRng(seed) {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  let spare = null;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    if (spare !== null) { const v = spare; spare = null; return v; }
    let u = 0;
    while (u === 0) u = uniform();
    const r = Math.sqrt(-2 * Math.log(u)), th = 2 * Math.PI * uniform();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
  return { uniform, normal };
}

/** Weights' standard deviation for an initialization (lessons_code.initializers), or a keyword. */
export function initScale(init, fanIn, fanOut) {
  if (typeof init === "number") return init;
  switch (init) {
    case "he": return Math.sqrt(2.0 / fanIn);
    case "lecun": return Math.sqrt(1.0 / fanIn);
    case "glorot": case "xavier": return Math.sqrt(2.0 / (fanIn + fanOut));
    case "zeros": case "equal": return 0;
    default: throw new Error(`unknown initialization ${init}`);
  }
}

/** Parameters {W: [W1..WL], b: [b1..bL]} for layerDims [n0, ..., nL]. */
export function initParameters(layerDims, init, rng) {
  const W = [], b = [];
  for (let l = 1; l < layerDims.length; l++) {
    const n = layerDims[l], nPrev = layerDims[l - 1];
    const Wl = matrix(n, nPrev);
    if (init === "equal") Wl.data.fill(0.5);
    else if (init !== "zeros") {
      const s = initScale(init, nPrev, n);
      for (let i = 0; i < Wl.data.length; i++) Wl.data[i] = rng.normal() * s;
    }
    W.push(Wl);
    b.push(matrix(n, 1));
  }
  return { W, b };
}

export function parametersFromJSON(p) {
  const L = Object.keys(p).length / 2;
  const W = [], b = [];
  for (let l = 1; l <= L; l++) { W.push(fromRows(p[`W${l}`])); b.push(fromRows(p[`b${l}`])); }
  return { W, b };
}

export function layerDimsOf(params) {
  return [params.W[0].cols, ...params.W.map((W) => W.rows)];
}

// ---------------------------------------------------------------------------------------------
// forward propagation
// ---------------------------------------------------------------------------------------------
/** Z = W A + b: the inner sum over k first, then + b (as NumPy's W @ A_prev + b). */
export function linearForward(A, W, b) {
  const n = W.rows, K = W.cols, m = A.cols;
  const Z = matrix(n, m), w = W.data, a = A.data, z = Z.data;
  for (let i = 0; i < n; i++) {
    const bi = b.data[i];
    for (let j = 0; j < m; j++) {
      let s = 0.0;
      for (let k = 0; k < K; k++) s += w[i * K + k] * a[k * m + j];
      z[i * m + j] = s + bi;
    }
  }
  return Z;
}

function apply(Z, g) {
  const A = matrix(Z.rows, Z.cols), z = Z.data, a = A.data;
  for (let i = 0; i < z.length; i++) a[i] = g(z[i]);
  return A;
}

/** Forward through all L layers; returns {AL, caches}, caches[l-1] = {Aprev, Z, A} of layer l. */
export function forward(X, params, hidden) {
  const L = params.W.length;
  const g = activation(hidden)[0];
  const caches = [];
  let A = X;
  for (let l = 0; l < L; l++) {
    const Z = linearForward(A, params.W[l], params.b[l]);
    const An = apply(Z, l < L - 1 ? g : sigmoid);
    caches.push({ Aprev: A, Z, A: An });
    A = An;
  }
  return { AL: A, caches };
}

/** Binary cross-entropy J = -(1/m) sum [y log a + (1 - y) log(1 - a)], a clipped to [eps, 1-eps]. */
export function cost(AL, Y) {
  const m = AL.cols, t = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let a = AL.data[j];
    a = a < EPSILON ? EPSILON : a > 1.0 - EPSILON ? 1.0 - EPSILON : a;
    const y = Y.data[j];
    t[j] = y * Math.log(a) + (1.0 - y) * Math.log(1.0 - a);
  }
  return -pairwiseSum(t, 0, m) / m;
}

export function accuracy(AL, Y) {
  let right = 0;
  for (let j = 0; j < AL.cols; j++) right += (AL.data[j] > 0.5 ? 1 : 0) === Y.data[j] ? 1 : 0;
  return right / AL.cols;
}

// ---------------------------------------------------------------------------------------------
// backward propagation
// ---------------------------------------------------------------------------------------------
/** dW = dZ A_prev^T, db = row sums of dZ (pairwise), dA_prev = W^T dZ (null if not needed). */
export function linearBackward(dZ, Aprev, W, needPrev) {
  const n = dZ.rows, m = dZ.cols, K = Aprev.rows;
  const dW = matrix(n, K), db = matrix(n, 1);
  const dz = dZ.data, ap = Aprev.data;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      let s = 0.0;
      for (let j = 0; j < m; j++) s += dz[i * m + j] * ap[k * m + j];
      dW.data[i * K + k] = s;
    }
    db.data[i] = pairwiseSum(dz, i * m, m);
  }
  let dA = null;
  if (needPrev) {
    dA = matrix(K, m);
    const w = W.data, da = dA.data;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < m; j++) {
        let s = 0.0;
        for (let i = 0; i < n; i++) s += w[i * K + k] * dz[i * m + j];
        da[k * m + j] = s;
      }
    }
  }
  return { dA, dW, db };
}

/** The gradients {dW: [...], db: [...], dZ: [...]} of J; dZ[L] = (A[L] - Y) / m. */
export function backward(AL, Y, caches, params, hidden) {
  const L = caches.length, m = AL.cols;
  const gPrime = activation(hidden)[1];
  const dW = new Array(L), db = new Array(L), dZs = new Array(L);
  let dZ = matrix(AL.rows, m);
  for (let j = 0; j < AL.data.length; j++) dZ.data[j] = (AL.data[j] - Y.data[j]) / m;
  for (let l = L - 1; l >= 0; l--) {
    dZs[l] = dZ;
    const r = linearBackward(dZ, caches[l].Aprev, params.W[l], l > 0);
    dW[l] = r.dW;
    db[l] = r.db;
    if (l > 0) {
      const Z = caches[l - 1].Z.data, da = r.dA.data;
      dZ = matrix(r.dA.rows, m);
      for (let i = 0; i < da.length; i++) dZ.data[i] = da[i] * gPrime(Z[i]);
    }
  }
  return { dW, db, dZ: dZs };
}

/** One gradient-descent step, in place: W <- W - alpha dW, b <- b - alpha db. */
export function update(params, grads, lr) {
  for (let l = 0; l < params.W.length; l++) {
    const W = params.W[l].data, dW = grads.dW[l].data, b = params.b[l].data, db = grads.db[l].data;
    for (let i = 0; i < W.length; i++) W[i] = W[i] - lr * dW[i];
    for (let i = 0; i < b.length; i++) b[i] = b[i] - lr * db[i];
  }
}

/** The columns `idx` of M, as a compact matrix (NumPy's X.take(idx, axis=1)). */
export function takeColumns(M, idx, lo, hi) {
  const cols = hi - lo, out = matrix(M.rows, cols);
  for (let r = 0; r < M.rows; r++)
    for (let j = 0; j < cols; j++) out.data[r * cols + j] = M.data[r * M.cols + idx[lo + j]];
  return out;
}

/** One step on a batch: returns {cost, grads, AL, caches} (the cost before the update). */
export function step(params, X, Y, hidden, lr) {
  const { AL, caches } = forward(X, params, hidden);
  const J = cost(AL, Y);
  const grads = backward(AL, Y, caches, params, hidden);
  update(params, grads, lr);
  return { cost: J, grads, AL, caches };
}

// ---------------------------------------------------------------------------------------------
// training, as DeepNetwork.fit: full batch, or mini-batches reshuffled every epoch
// ---------------------------------------------------------------------------------------------
export class Trainer {
  /**
   * @param {object} data {X: matrix (2, m), Y: matrix (1, m)} training points
   * @param {object} cfg {layers, activation, learningRate, init, batchSize (0 = full), seed}
   */
  constructor(data, cfg) {
    this.X = data.X;
    this.Y = data.Y;
    this.cfg = cfg;
    this.rng = makeRng(cfg.seed);
    this.params = initParameters([this.X.rows, ...cfg.layers, 1], cfg.init, this.rng);
    this.steps = 0;
    this.epoch = 0;
    this.order = null;
    this.pos = 0;
    this.last = null;
  }

  batchSize() {
    const b = this.cfg.batchSize;
    return !b || b >= this.X.cols ? this.X.cols : b;
  }

  /** The next batch: {X, Y}; full batch keeps the order (as iterate_minibatches). */
  nextBatch() {
    const m = this.X.cols, B = this.batchSize();
    if (B === m) { this.epoch++; return { X: this.X, Y: this.Y }; }
    if (!this.order || this.pos >= m) {
      const o = new Int32Array(m);
      for (let i = 0; i < m; i++) o[i] = i;
      for (let i = m - 1; i > 0; i--) {
        const j = Math.floor(this.rng.uniform() * (i + 1));
        const t = o[i]; o[i] = o[j]; o[j] = t;
      }
      this.order = o;
      this.pos = 0;
      this.epoch++;
    }
    const lo = this.pos, hi = Math.min(m, lo + B);
    this.pos = hi;
    return { X: takeColumns(this.X, this.order, lo, hi), Y: takeColumns(this.Y, this.order, lo, hi) };
  }

  step() {
    const batch = this.nextBatch();
    const r = step(this.params, batch.X, batch.Y, this.cfg.activation, this.cfg.learningRate);
    this.steps++;
    this.last = { ...r, X: batch.X, Y: batch.Y };
    if (!Number.isFinite(r.cost) || !this.params.W.every((W) => W.data.every(Number.isFinite)))
      throw new RangeError(`the cost became ${r.cost} at step ${this.steps}: lower the learning rate`);
    return r.cost;
  }

  evaluate(X, Y) {
    const { AL } = forward(X, this.params, this.cfg.activation);
    return { cost: cost(AL, Y), accuracy: accuracy(AL, Y) };
  }
}
