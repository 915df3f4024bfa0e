// <nn-playground>: train a small network on 2-D data, live, in the page.
//
//   <nn-playground id="ch5-units" preset="ch5-units">text shown without JavaScript</nn-playground>
//
// The network is engine.js (lessons_code.deep in JavaScript); the datasets and presets come from
// lessons_code (nn-playground-data.json, written by the book's build next to this script).
// Light DOM with nnpg-* classes, so the page's fonts, dark mode and focus styles apply.
import * as E from "./engine.js";
import { CHOICES, LABELS, decode, encode, fromPreset } from "./state.js";

const BLUE = [0, 114, 178]; // Okabe-Ito blue: class 0 (the book's plots.COLORS)
const ORANGE = [230, 159, 0]; // Okabe-Ito orange: class 1
const GRID = 48; // the heat maps' resolution (GRID x GRID points through the network)
const STEPS_PER_FRAME = 5;
const SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
let dataPromise = null;

function loadData(src) {
  if (!dataPromise) {
    const url = new URL(src || "nn-playground-data.json", SCRIPT_URL);
    dataPromise = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
      return r.json();
    });
  }
  return dataPromise;
}

const CSS = `
nn-playground{display:block;margin:1rem 0;font-size:.9rem}
.nnpg{border:1px solid var(--pst-color-border,#ccc);border-radius:6px;padding:.6rem;max-width:760px}
.nnpg-bar{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-bottom:.5rem}
.nnpg button,.nnpg select,.nnpg input{font:inherit;color:inherit;background:var(--pst-color-surface,#f5f5f5);border:1px solid var(--pst-color-border,#999);border-radius:4px;padding:.25rem .5rem;min-height:2.2rem}
.nnpg button{cursor:pointer;min-width:2.6rem}
.nnpg :focus-visible{outline:3px solid var(--pst-color-accent,#D55E00);outline-offset:2px}
.nnpg-count{font-variant-numeric:tabular-nums;margin-left:auto}
.nnpg-controls{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.4rem .8rem;margin:.4rem 0}
.nnpg-controls label{display:flex;flex-direction:column;font-size:.8rem;gap:.1rem}
.nnpg-controls input{width:100%;box-sizing:border-box}
.nnpg details>summary{cursor:pointer;font-size:.85rem}
.nnpg-views{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-start}
.nnpg-main{flex:1 1 240px;max-width:320px}
.nnpg-main canvas{width:100%;aspect-ratio:1;display:block;border:1px solid var(--pst-color-border,#ccc)}
.nnpg-side{flex:1 1 240px;min-width:0}
.nnpg-layers{display:flex;flex-wrap:wrap;gap:.5rem}
.nnpg-layer{display:flex;flex-direction:column;gap:.2rem}
.nnpg-layer>span,.nnpg small,.nnpg-legend{font-size:.75rem}
.nnpg-units{display:grid;grid-template-columns:repeat(4,40px);gap:3px}
.nnpg-units canvas{width:40px;height:40px;border:1px solid var(--pst-color-border,#ccc)}
.nnpg-curves{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
.nnpg-curves figure{margin:0;flex:1 1 140px}
.nnpg-curves canvas{width:100%;height:90px;display:block}
.nnpg-summary{margin:.5rem 0 0;font-variant-numeric:tabular-nums}
.nnpg-detail{overflow-x:auto;font-family:var(--pst-font-family-monospace,monospace);font-size:.75rem;white-space:pre;margin:.3rem 0 0}
.nnpg-error{color:#D55E00}
@media print{nn-playground .nnpg{display:none}}
`;

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (v !== false && v != null) e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...kids);
  return e;
}

function select(name, values, label, fmt = (v) => String(v)) {
  const s = el("select", { name });
  for (const v of values) s.append(el("option", { value: String(v), text: fmt(v) }));
  return [el("label", { "data-control": name }, label, s), s];
}

const fmt3 = (x) => (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(3) : x.toExponential(1));
const pct = (x) => `${(100 * x).toFixed(1)} %`;

function mix(rgb, t) { // t in [0, 1]: white -> rgb
  return [255 + (rgb[0] - 255) * t, 255 + (rgb[1] - 255) * t, 255 + (rgb[2] - 255) * t];
}

// Each playground starts (fetches the data, builds its controls, trains its first network) only
// when it comes within NEAR of the viewport: a phone that opens a chapter does no playground work
// while the page loads. The same observer tells a playing widget when it is off screen (no drawing).
const NEAR = "400px 0px";
let observer = null;

function watch(widget) {
  observer ||= new IntersectionObserver((entries) => {
    for (const e of entries) e.target.nearViewport(e.isIntersecting);
  }, { rootMargin: NEAR });
  observer.observe(widget);
}

export class NNPlayground extends HTMLElement {
  connectedCallback() {
    if (this._watched) return;
    this._watched = true;
    if (!document.getElementById("nnpg-style")) document.head.append(el("style", { id: "nnpg-style", text: CSS }));
    this.reduced = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
    watch(this);
  }

  disconnectedCallback() { this.pause(); }

  nearViewport(near) {
    this.offscreen = !near;
    if (!near || this._started) return;
    this._started = true;
    loadData(this.getAttribute("data-src")).then((data) => this.start(data), (err) => {
      this.replaceChildren(el("p", { class: "nnpg-error", role: "alert",
        text: `The playground could not load its data (${err.message}).` }));
    });
  }

  get key() { return this.id || "playground"; }

  start(data) {
    this.data = data;
    this.preset = data.presets[this.getAttribute("preset") || "free"] || data.presets.free;
    const base = fromPreset(this.preset);
    this.settings = decode(new URLSearchParams(location.search).get(this.key), base);
    this.render();
    this.reset();
  }

  // -------------------------------------------------------------------------------------------
  // the controls
  // -------------------------------------------------------------------------------------------
  render() {
    const name = this.getAttribute("label") || "Network playground";
    this.playBtn = el("button", { type: "button", class: "nnpg-play", "aria-label": "Play", text: "▶ Play" });
    this.stepBtn = el("button", { type: "button", class: "nnpg-step", text: "Step" });
    this.resetBtn = el("button", { type: "button", class: "nnpg-reset", text: "Reset" });
    this.count = el("span", { class: "nnpg-count", "aria-hidden": "true" });
    const c = {};
    const [dl, dataset] = select("dataset", CHOICES.dataset, "Data", (v) => this.data.datasets[v].label);
    const [ll, depth] = select("depth", CHOICES.depth, "Hidden layers");
    const [ul, units] = select("units", CHOICES.units, "Units per layer");
    const [al, act] = select("activation", CHOICES.activation, "Activation g", (v) => LABELS.activation[v]);
    const [rl, lr] = select("learning-rate", CHOICES.learningRate, "Learning rate α");
    const [il, init] = select("init", CHOICES.init, "Initial weights", (v) => LABELS.init[v]);
    const [bl, batch] = select("batch", CHOICES.batchSize, "Batch size", (v) => LABELS.batchSize[v] || String(v));
    const seed = el("input", { type: "number", name: "seed", min: "0", max: "99999", step: "1", inputmode: "numeric" });
    const sl = el("label", { "data-control": "seed" }, "Seed", seed);
    Object.assign(c, { dataset, depth, units, activation: act, learningRate: lr, init, batch, seed });
    this.controls = c;
    const all = { dataset: dl, layers: ll, units: ul, activation: al, learning_rate: rl, init: il, batch_size: bl, seed: sl };
    const shown = this.preset.controls === "all" ? Object.keys(all) : this.preset.controls;
    const main = el("div", { class: "nnpg-controls" });
    const more = el("div", { class: "nnpg-controls" });
    for (const [k, label] of Object.entries(all)) (shown.includes(k) ? main : more).append(label);
    const details = more.children.length
      ? el("details", {}, el("summary", { text: "More settings" }), more) : "";

    this.canvas = el("canvas", { width: String(GRID * 6), height: String(GRID * 6), role: "img" });
    this.layersBox = el("div", { class: "nnpg-layers", role: "group", "aria-label": "Hidden units" });
    this.costCanvas = el("canvas", { width: "280", height: "180", role: "img", "aria-label": "Cost curves" });
    this.accCanvas = el("canvas", { width: "280", height: "180", role: "img", "aria-label": "Accuracy curves" });
    this.summary = el("p", { class: "nnpg-summary", role: "status", "aria-live": "polite" });
    this.detail = el("details", { class: "nnpg-step-detail" },
      el("summary", { text: "One example, forward and backward (after Step)" }),
      this.detailText = el("div", { class: "nnpg-detail", text: "Press Step to see Z, A, dZ and dW of one example." }));
    const legend = el("p", { class: "nnpg-legend",
      text: "● class 0 (blue), ■ class 1 (orange); filled: training point, hollow: test point. " +
        "Background: the network's output a[L], orange where it predicts class 1." });

    const root = el("section", { class: "nnpg", "aria-label": name },
      el("div", { class: "nnpg-bar" }, this.playBtn, this.stepBtn, this.resetBtn, this.count),
      main, details,
      el("div", { class: "nnpg-views" },
        el("div", { class: "nnpg-main" }, this.canvas, legend),
        el("div", { class: "nnpg-side" },
          el("small", { text: "Each hidden unit's activation over the plane (blue: low, orange: high):" }),
          this.layersBox,
          el("div", { class: "nnpg-curves" },
            el("figure", {}, this.costCanvas, el("figcaption", { class: "nnpg-legend", text: "Cost J: training (solid), test (dashed)" })),
            el("figure", {}, this.accCanvas, el("figcaption", { class: "nnpg-legend", text: "Accuracy: training (solid), test (dashed)" }))))),
      this.summary, this.detail);
    this.replaceChildren(root);

    this.playBtn.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.stepBtn.addEventListener("click", () => { this.pause(); this.trainSteps(1); this.draw(true); this.showDetail(); });
    this.resetBtn.addEventListener("click", () => { this.pause(); this.reset(); });
    for (const ctl of Object.values(c)) ctl.addEventListener("change", () => this.onChange());
    this.sync();
  }

  /** Settings -> controls. */
  sync() {
    const s = this.settings, c = this.controls;
    c.dataset.value = s.dataset;
    c.depth.value = String(s.layers.length);
    c.units.value = String(s.layers[0] || 4);
    c.units.disabled = s.layers.length === 0;
    c.activation.value = s.activation;
    c.activation.disabled = s.layers.length === 0;
    c.learningRate.value = String(s.learningRate);
    c.init.value = String(s.init);
    c.batch.value = String(s.batchSize);
    c.seed.value = String(s.seed);
  }

  /** Controls -> settings, URL, and a fresh network (every change restarts from step 0). */
  onChange() {
    const c = this.controls;
    const depth = Number(c.depth.value), units = Number(c.units.value);
    const seed = Number(c.seed.value);
    this.settings = decode(encode({
      dataset: c.dataset.value, layers: Array(depth).fill(units), activation: c.activation.value,
      learningRate: Number(c.learningRate.value), init: c.init.value, batchSize: Number(c.batch.value),
      seed: Number.isInteger(seed) ? seed : this.settings.seed,
    }), this.settings);
    this.sync();
    const url = new URL(location.href);
    url.searchParams.set(this.key, encode(this.settings));
    history.replaceState(history.state, "", url);
    this.pause();
    this.reset();
  }

  // -------------------------------------------------------------------------------------------
  // training
  // -------------------------------------------------------------------------------------------
  reset() {
    const s = this.settings, d = this.data.datasets[s.dataset];
    this.train = { X: E.fromRows(d.X_train), Y: E.fromRows(d.Y_train) };
    this.test = { X: E.fromRows(d.X_test), Y: E.fromRows(d.Y_test) };
    this.trainer = new E.Trainer(this.train, {
      layers: s.layers, activation: s.activation, learningRate: s.learningRate,
      init: s.init,
      batchSize: s.batchSize, seed: s.seed,
    });
    this.history = [];
    this.failed = null;
    this.domain = this.bounds(d);
    this.gridX = this.makeGrid();
    this.buildUnitCanvases();
    this.detailText.textContent = "Press Step to see Z, A, dZ and dW of one example.";
    this.record();
    this.draw(true);
  }

  /** n steps of gradient descent, then the training and test cost and accuracy are recorded. */
  trainSteps(n, budgetMs = Infinity) {
    if (this.failed) return 0;
    const t0 = performance.now();
    let done = 0;
    try {
      while (done < n && (done === 0 || performance.now() - t0 < budgetMs)) { this.trainer.step(); done++; }
    } catch (err) {
      this.failed = err.message;
      this.pause();
    }
    this.record();
    return done;
  }

  record() {
    const tr = this.trainer.evaluate(this.train.X, this.train.Y), te = this.trainer.evaluate(this.test.X, this.test.Y);
    const h = this.history;
    h.push({ step: this.trainer.steps, tr, te });
    if (h.length > 400) this.history = h.filter((_, i) => i % 2 === 0 || i === h.length - 1);
  }

  play() {
    if (this.timer || this.failed) return;
    this.playBtn.textContent = "❚❚ Pause";
    this.playBtn.setAttribute("aria-label", "Pause");
    let lastDraw = 0, lastSay = performance.now();
    // STEPS_PER_FRAME steps per frame (about 300 a second at 60 frames/s: slow enough to watch),
    // fewer when a large network needs more than 8 ms for them
    const frame = (now) => {
      const t0 = performance.now();
      const n = this.trainSteps(STEPS_PER_FRAME, 8);
      this.stepsDone = (this.stepsDone || 0) + n;
      this.trainMs = (this.trainMs || 0) + (performance.now() - t0);
      if (!this.reduced || now - lastDraw > 500) { this.draw(false); lastDraw = now; }
      if (now - lastSay > 2000) { this.say(); lastSay = now; }
      if (this.timer) this.timer = requestAnimationFrame(frame);
    };
    this.timer = requestAnimationFrame(frame);
  }

  pause() {
    if (!this.timer) return;
    cancelAnimationFrame(this.timer);
    this.timer = null;
    this.playBtn.textContent = "▶ Play";
    this.playBtn.setAttribute("aria-label", "Play");
    this.draw(true);
  }

  /** Steps per second of training time while playing (measured: the engine's throughput). */
  get stepsPerSecond() { return this.trainMs ? (1000 * this.stepsDone) / this.trainMs : 0; }

  // -------------------------------------------------------------------------------------------
  // drawing
  // -------------------------------------------------------------------------------------------
  bounds(d) {
    const xs = [...d.X_train[0], ...d.X_test[0]], ys = [...d.X_train[1], ...d.X_test[1]];
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const r = 1.1 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / 2;
    return { x0: cx - r, x1: cx + r, y0: cy - r, y1: cy + r };
  }

  makeGrid() {
    const { x0, x1, y0, y1 } = this.domain, G = E.matrix(2, GRID * GRID);
    for (let r = 0; r < GRID; r++) for (let c = 0; c < GRID; c++) {
      G.data[r * GRID + c] = x0 + ((c + 0.5) / GRID) * (x1 - x0);
      G.data[GRID * GRID + r * GRID + c] = y1 - ((r + 0.5) / GRID) * (y1 - y0); // row 0 at the top
    }
    return G;
  }

  buildUnitCanvases() {
    this.unitCanvases = [];
    this.layersBox.replaceChildren();
    this.settings.layers.forEach((n, l) => {
      const box = el("div", { class: "nnpg-units" });
      const list = [];
      for (let j = 0; j < n; j++) {
        const cv = el("canvas", { width: String(GRID), height: String(GRID), class: "nnpg-unit", role: "img",
          "aria-label": `Layer ${l + 1}, unit ${j + 1}: its activation a over the plane`, title: `a[${l + 1}] unit ${j + 1}` });
        box.append(cv);
        list.push(cv);
      }
      this.unitCanvases.push(list);
      this.layersBox.append(el("div", { class: "nnpg-layer" }, el("span", { text: `Layer ${l + 1} (${n} unit${n > 1 ? "s" : ""})` }), box));
    });
    if (!this.settings.layers.length)
      this.layersBox.append(el("small", { text: "No hidden layer: this is logistic regression." }));
  }

  paint(canvas, values, lo, hi) {
    const ctx = canvas.getContext("2d"), img = ctx.createImageData(GRID, GRID);
    const mid = (lo + hi) / 2, half = (hi - lo) / 2 || 1;
    for (let i = 0; i < GRID * GRID; i++) {
      const t = Math.max(-1, Math.min(1, (values[i] - mid) / half));
      const [r, g, b] = t < 0 ? mix(BLUE, -t) : mix(ORANGE, t);
      img.data.set([r, g, b, 255], 4 * i);
    }
    return [ctx, img];
  }

  draw(force) {
    if (!force && this.offscreen) return;
    const { AL, caches } = E.forward(this.gridX, this.trainer.params, this.settings.activation);
    // decision boundary: a[L] in [0, 1], tinted (at most 55 %) so that the points stand out
    const [, img] = this.paint(this.canvas, AL.data.map((p) => 0.5 + 0.55 * (p - 0.5)), 0, 1);
    const small = this.small || (this.small = Object.assign(document.createElement("canvas"), { width: GRID, height: GRID }));
    small.getContext("2d").putImageData(img, 0, 0);
    const ctx = this.canvas.getContext("2d"), W = this.canvas.width, H = this.canvas.height;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, W, H);
    this.drawPoints(ctx, W, H);
    // each hidden unit's activation over the plane, on its activation's own range
    const act = this.settings.activation;
    this.unitCanvases.forEach((list, l) => {
      const A = caches[l].A;
      list.forEach((cv, j) => {
        const v = A.data.subarray(j * GRID * GRID, (j + 1) * GRID * GRID);
        let lo = -1, hi = 1;
        if (act === "sigmoid") { lo = 0; hi = 1; }
        if (act === "relu" || act === "leaky_relu") {
          let mx = 0;
          for (const x of v) mx = Math.max(mx, Math.abs(x));
          lo = -mx || -1; hi = mx || 1;
        }
        const [c2, im] = this.paint(cv, v, lo, hi);
        c2.putImageData(im, 0, 0);
      });
    });
    this.drawCurves();
    const last = this.history[this.history.length - 1];
    this.count.textContent = `step ${this.trainer.steps}`;
    this.canvas.setAttribute("aria-label", `Decision boundary after ${this.trainer.steps} steps: test accuracy ${pct(last.te.accuracy)}`);
    if (force) this.say();
  }

  drawPoints(ctx, W, H) {
    const { x0, x1, y0, y1 } = this.domain, s = W / 300;
    const put = (X, Y, hollow) => {
      const m = X.cols;
      for (let j = 0; j < m; j++) {
        const px = ((X.data[j] - x0) / (x1 - x0)) * W, py = ((y1 - X.data[m + j]) / (y1 - y0)) * H;
        const cls = Y.data[j];
        const col = `rgb(${(cls ? ORANGE : BLUE).join(",")})`;
        ctx.beginPath();
        if (cls) ctx.rect(px - 3.2 * s, py - 3.2 * s, 6.4 * s, 6.4 * s);
        else ctx.arc(px, py, 3.6 * s, 0, 2 * Math.PI);
        if (hollow) { ctx.lineWidth = 2 * s; ctx.strokeStyle = col; ctx.stroke(); }
        else { ctx.fillStyle = col; ctx.fill(); ctx.lineWidth = 0.8 * s; ctx.strokeStyle = "#fff"; ctx.stroke(); }
      }
    };
    put(this.train.X, this.train.Y, false);
    put(this.test.X, this.test.Y, true);
  }

  drawCurves() {
    const h = this.history;
    const chart = (canvas, get, yMax) => {
      const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pad = 22;
      ctx.clearRect(0, 0, W, H);
      const ink = getComputedStyle(this).color || "#333";
      ctx.strokeStyle = ink; ctx.fillStyle = ink; ctx.lineWidth = 1; ctx.font = "16px sans-serif";
      ctx.beginPath(); ctx.moveTo(pad, 4); ctx.lineTo(pad, H - pad); ctx.lineTo(W - 4, H - pad); ctx.stroke();
      ctx.fillText(yMax.toFixed(yMax < 2 ? 1 : 0), 0, 16);
      ctx.fillText("0", 6, H - pad);
      ctx.fillText(`step ${h[h.length - 1].step}`, W - 110, H - 4);
      const n = Math.max(1, h[h.length - 1].step);
      for (const [which, color, dash] of [["tr", BLUE, []], ["te", ORANGE, [6, 4]]]) {
        ctx.beginPath(); ctx.setLineDash(dash); ctx.lineWidth = 2.5; ctx.strokeStyle = `rgb(${color.join(",")})`;
        h.forEach((p, i) => {
          const x = pad + ((W - pad - 4) * p.step) / n, y = H - pad - ((H - pad - 4) * Math.min(get(p[which]), yMax)) / yMax;
          i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
        });
        ctx.stroke(); ctx.setLineDash([]);
      }
    };
    const c0 = Math.max(...h.map((p) => Math.max(p.tr.cost, p.te.cost)).filter(Number.isFinite).slice(0, 3), Math.LN2);
    chart(this.costCanvas, (p) => p.cost, Math.min(c0 * 1.1, 10));
    chart(this.accCanvas, (p) => p.accuracy, 1);
  }

  /** The live text summary (a polite live region: screen readers hear it when it changes). */
  say() {
    const last = this.history[this.history.length - 1];
    const t = this.trainer;
    let text = `Step ${t.steps}${t.batchSize() < t.X.cols ? ` (epoch ${t.epoch})` : ""}. ` +
      `Training: cost ${fmt3(last.tr.cost)}, accuracy ${pct(last.tr.accuracy)}. ` +
      `Test: cost ${fmt3(last.te.cost)}, accuracy ${pct(last.te.accuracy)}.`;
    if (this.failed) text += ` Training stopped: ${this.failed}.`;
    this.summary.textContent = text;
  }

  /** Z, A, dZ (forward and backward) and the example's share of dW, for the batch's first example. */
  showDetail() {
    const last = this.trainer.last;
    if (!last) return;
    const m = last.X.cols, col = (M) => Array.from({ length: M.rows }, (_, i) => fmt3(M.data[i * M.cols]));
    const lines = [`Example 1 of the batch of ${m}: x = [${col(last.X).join(", ")}], y = ${last.Y.data[0]}`];
    last.caches.forEach((c, l) => {
      const L = l + 1, dz = last.grads.dZ[l], ap = c.Aprev;
      lines.push(`z[${L}] = [${col(c.Z).join(", ")}]    a[${L}] = [${col(c.A).join(", ")}]`);
      lines.push(`dz[${L}] = [${col(dz).join(", ")}]   (a derivative of the cost J: includes 1/m)`);
      const rows = [];
      for (let i = 0; i < dz.rows; i++) {
        const r = [];
        for (let k = 0; k < ap.rows; k++) r.push(fmt3(dz.data[i * m] * ap.data[k * m]));
        rows.push(`[${r.join(", ")}]`);
      }
      lines.push(`this example's share of dW[${L}] = dz[${L}] a[${L - 1}]ᵀ = [${rows.join("; ")}]`);
    });
    lines.push("Summed over the batch's examples, the shares give dW; then W ← W − α dW.");
    this.detailText.textContent = lines.join("\n");
  }
}
