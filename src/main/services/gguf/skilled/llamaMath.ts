/**
 * The llama forward pass and its gradient over Float64Arrays, written out by hand for the
 * skilled fixture's trainer and for checking our GGUF layout against llama.cpp's logits.
 * Matches llama.cpp's "llama" graph: RMSNorm (eps 1e-5), rotary embeddings on adjacent pairs
 * (rope type NORM, base 10000), causal softmax attention scaled by 1/sqrt(head size), SwiGLU
 * feed-forward, residuals, final RMSNorm and an untied output matrix. All arithmetic runs in one
 * thread in a fixed order, so the same inputs give the same bits on every machine.
 */

/** Shape of a skilled-fixture model. nHeadKv equals nHead. */
export interface LlamaShape {
  nVocab: number;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  nFf: number;
  contextLength: number;
}

/** One tensor in GGUF order: `shape` is GGUF's (innermost first), so a matrix is [in, out], stored out rows of in values. */
export interface TensorSlot {
  name: string;
  shape: [number] | [number, number];
  offset: number;
  size: number;
}

const EPS = 1e-5;
const ROPE_BASE = 10000;

/** Every tensor of the model in the order llama.cpp's fixtures write them, with its place in one flat parameter array. */
export function tensorSlots(s: LlamaShape): TensorSlot[] {
  const shapes: [string, [number] | [number, number]][] = [['token_embd.weight', [s.nEmbd, s.nVocab]]];
  for (let l = 0; l < s.nLayer; l++) {
    const b = (n: string): string => `blk.${l}.${n}.weight`;
    shapes.push(
      [b('attn_norm'), [s.nEmbd]],
      [b('attn_q'), [s.nEmbd, s.nEmbd]],
      [b('attn_k'), [s.nEmbd, s.nEmbd]],
      [b('attn_v'), [s.nEmbd, s.nEmbd]],
      [b('attn_output'), [s.nEmbd, s.nEmbd]],
      [b('ffn_norm'), [s.nEmbd]],
      [b('ffn_gate'), [s.nEmbd, s.nFf]],
      [b('ffn_up'), [s.nEmbd, s.nFf]],
      [b('ffn_down'), [s.nFf, s.nEmbd]],
    );
  }
  shapes.push(['output_norm.weight', [s.nEmbd]], ['output.weight', [s.nEmbd, s.nVocab]]);
  let offset = 0;
  return shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape, offset, size };
    offset += size;
    return slot;
  });
}

/** Offsets of each tensor, by role, for one layout. */
export interface Layout {
  shape: LlamaShape;
  total: number;
  embd: number;
  layers: { attnNorm: number; q: number; k: number; v: number; o: number; ffnNorm: number; gate: number; up: number; down: number }[];
  outNorm: number;
  out: number;
}

export function layoutOf(shape: LlamaShape): Layout {
  const slots = tensorSlots(shape);
  const at = new Map(slots.map((slot) => [slot.name, slot.offset]));
  const get = (name: string): number => at.get(name) ?? -1;
  const last = slots[slots.length - 1] as TensorSlot;
  return {
    shape,
    total: last.offset + last.size,
    embd: get('token_embd.weight'),
    layers: Array.from({ length: shape.nLayer }, (_, l) => ({
      attnNorm: get(`blk.${l}.attn_norm.weight`),
      q: get(`blk.${l}.attn_q.weight`),
      k: get(`blk.${l}.attn_k.weight`),
      v: get(`blk.${l}.attn_v.weight`),
      o: get(`blk.${l}.attn_output.weight`),
      ffnNorm: get(`blk.${l}.ffn_norm.weight`),
      gate: get(`blk.${l}.ffn_gate.weight`),
      up: get(`blk.${l}.ffn_up.weight`),
      down: get(`blk.${l}.ffn_down.weight`),
    })),
    outNorm: get('output_norm.weight'),
    out: get('output.weight'),
  };
}

/** Y[t] = W X[t] for W stored as nOut rows of nIn at wOff. */
function linear(X: Float64Array, T: number, nIn: number, W: Float64Array, wOff: number, nOut: number, Y: Float64Array): void {
  for (let t = 0; t < T; t++) {
    const xo = t * nIn;
    for (let o = 0; o < nOut; o++) {
      const wo = wOff + o * nIn;
      let sum = 0;
      for (let i = 0; i < nIn; i++) sum += (X[xo + i] as number) * (W[wo + i] as number);
      Y[t * nOut + o] = sum;
    }
  }
}

/** Adds the gradients of linear() to dX and dW given dY. */
function linearBack(
  dY: Float64Array,
  X: Float64Array,
  T: number,
  nIn: number,
  W: Float64Array,
  wOff: number,
  nOut: number,
  dX: Float64Array,
  dW: Float64Array,
): void {
  for (let t = 0; t < T; t++) {
    const xo = t * nIn;
    for (let o = 0; o < nOut; o++) {
      const g = dY[t * nOut + o] as number;
      if (g === 0) continue;
      const wo = wOff + o * nIn;
      for (let i = 0; i < nIn; i++) {
        dX[xo + i] = (dX[xo + i] as number) + g * (W[wo + i] as number);
        dW[wo + i] = (dW[wo + i] as number) + g * (X[xo + i] as number);
      }
    }
  }
}

function rmsNorm(X: Float64Array, T: number, n: number, W: Float64Array, wOff: number, Y: Float64Array, R: Float64Array): void {
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (X[t * n + i] as number) ** 2;
    const r = 1 / Math.sqrt(sum / n + EPS);
    R[t] = r;
    for (let i = 0; i < n; i++) Y[t * n + i] = (X[t * n + i] as number) * r * (W[wOff + i] as number);
  }
}

function rmsNormBack(
  dY: Float64Array,
  X: Float64Array,
  R: Float64Array,
  T: number,
  n: number,
  W: Float64Array,
  wOff: number,
  dX: Float64Array,
  dW: Float64Array,
): void {
  for (let t = 0; t < T; t++) {
    const r = R[t] as number;
    let dot = 0;
    for (let i = 0; i < n; i++) {
      const x = X[t * n + i] as number;
      const dy = dY[t * n + i] as number;
      dW[wOff + i] = (dW[wOff + i] as number) + dy * x * r;
      dot += dy * (W[wOff + i] as number) * x;
    }
    const c = (r * r * r * dot) / n;
    for (let i = 0; i < n; i++)
      dX[t * n + i] = (dX[t * n + i] as number) + r * (dY[t * n + i] as number) * (W[wOff + i] as number) - c * (X[t * n + i] as number);
  }
}

/** cos/sin of every rotary angle: [pos][pair]. */
function ropeTable(shape: LlamaShape): { cos: Float64Array; sin: Float64Array } {
  const half = shape.nEmbd / shape.nHead / 2;
  const cos = new Float64Array(shape.contextLength * half);
  const sin = new Float64Array(shape.contextLength * half);
  for (let p = 0; p < shape.contextLength; p++) {
    for (let i = 0; i < half; i++) {
      const theta = p * ROPE_BASE ** (-i / half);
      cos[p * half + i] = Math.cos(theta);
      sin[p * half + i] = Math.sin(theta);
    }
  }
  return { cos, sin };
}

const ropeTables = new Map<string, { cos: Float64Array; sin: Float64Array }>();
function ropeFor(shape: LlamaShape): { cos: Float64Array; sin: Float64Array } {
  const key = `${shape.nEmbd}/${shape.nHead}/${shape.contextLength}`;
  let table = ropeTables.get(key);
  if (!table) {
    table = ropeTable(shape);
    ropeTables.set(key, table);
  }
  return table;
}

/** Rotates adjacent pairs of every head by the position's angles; `sign` -1 applies the inverse (for gradients). */
function rope(X: Float64Array, T: number, shape: LlamaShape, sign: 1 | -1): void {
  const { cos, sin } = ropeFor(shape);
  const dh = shape.nEmbd / shape.nHead;
  const half = dh / 2;
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < shape.nHead; h++) {
      for (let i = 0; i < half; i++) {
        const at = t * shape.nEmbd + h * dh + 2 * i;
        const c = cos[t * half + i] as number;
        const s = sign * (sin[t * half + i] as number);
        const x0 = X[at] as number;
        const x1 = X[at + 1] as number;
        X[at] = x0 * c - x1 * s;
        X[at + 1] = x0 * s + x1 * c;
      }
    }
  }
}

interface LayerCache {
  xIn: Float64Array;
  r1: Float64Array;
  h1: Float64Array;
  q: Float64Array;
  k: Float64Array;
  v: Float64Array;
  p: Float64Array;
  a: Float64Array;
  xMid: Float64Array;
  r2: Float64Array;
  h2: Float64Array;
  g: Float64Array;
  u: Float64Array;
  m: Float64Array;
}

/** What a forward pass keeps for its backward pass. */
export interface ForwardCache {
  tokens: readonly number[];
  layers: LayerCache[];
  xOut: Float64Array;
  rOut: Float64Array;
  hOut: Float64Array;
}

/** Runs the model over `tokens` (positions 0..T-1); returns the final normalised hidden states and what backward needs. */
export function forward(layout: Layout, P: Float64Array, tokens: readonly number[]): ForwardCache {
  const { nEmbd: d, nHead, nFf } = layout.shape;
  const T = tokens.length;
  const dh = d / nHead;
  const scale = 1 / Math.sqrt(dh);
  let x = new Float64Array(T * d);
  for (let t = 0; t < T; t++)
    x.set(P.subarray(layout.embd + (tokens[t] as number) * d, layout.embd + ((tokens[t] as number) + 1) * d), t * d);
  const layers: LayerCache[] = [];
  for (const L of layout.layers) {
    const c: LayerCache = {
      xIn: x,
      r1: new Float64Array(T),
      h1: new Float64Array(T * d),
      q: new Float64Array(T * d),
      k: new Float64Array(T * d),
      v: new Float64Array(T * d),
      p: new Float64Array(nHead * T * T),
      a: new Float64Array(T * d),
      xMid: new Float64Array(T * d),
      r2: new Float64Array(T),
      h2: new Float64Array(T * d),
      g: new Float64Array(T * nFf),
      u: new Float64Array(T * nFf),
      m: new Float64Array(T * nFf),
    };
    rmsNorm(x, T, d, P, L.attnNorm, c.h1, c.r1);
    linear(c.h1, T, d, P, L.q, d, c.q);
    linear(c.h1, T, d, P, L.k, d, c.k);
    linear(c.h1, T, d, P, L.v, d, c.v);
    rope(c.q, T, layout.shape, 1);
    rope(c.k, T, layout.shape, 1);
    for (let h = 0; h < nHead; h++) {
      for (let i = 0; i < T; i++) {
        const row = (h * T + i) * T;
        let max = -Infinity;
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let e = 0; e < dh; e++) s += (c.q[i * d + h * dh + e] as number) * (c.k[j * d + h * dh + e] as number);
          s *= scale;
          c.p[row + j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j <= i; j++) {
          const e = Math.exp((c.p[row + j] as number) - max);
          c.p[row + j] = e;
          sum += e;
        }
        for (let j = 0; j <= i; j++) {
          const pij = (c.p[row + j] as number) / sum;
          c.p[row + j] = pij;
          for (let e = 0; e < dh; e++)
            c.a[i * d + h * dh + e] = (c.a[i * d + h * dh + e] as number) + pij * (c.v[j * d + h * dh + e] as number);
        }
      }
    }
    linear(c.a, T, d, P, L.o, d, c.xMid);
    for (let i = 0; i < T * d; i++) c.xMid[i] = (c.xMid[i] as number) + (x[i] as number);
    rmsNorm(c.xMid, T, d, P, L.ffnNorm, c.h2, c.r2);
    linear(c.h2, T, d, P, L.gate, nFf, c.g);
    linear(c.h2, T, d, P, L.up, nFf, c.u);
    for (let i = 0; i < T * nFf; i++) {
      const z = c.g[i] as number;
      c.m[i] = (z / (1 + Math.exp(-z))) * (c.u[i] as number);
    }
    const next = new Float64Array(T * d);
    linear(c.m, T, nFf, P, L.down, d, next);
    for (let i = 0; i < T * d; i++) next[i] = (next[i] as number) + (c.xMid[i] as number);
    layers.push(c);
    x = next;
  }
  const rOut = new Float64Array(T);
  const hOut = new Float64Array(T * d);
  rmsNorm(x, T, d, P, layout.outNorm, hOut, rOut);
  return { tokens, layers, xOut: x, rOut, hOut };
}

/** Logits at position t of a forward pass. */
export function logitsAt(layout: Layout, P: Float64Array, cache: ForwardCache, t: number): Float64Array {
  const { nEmbd: d, nVocab } = layout.shape;
  const z = new Float64Array(nVocab);
  linear(cache.hOut.subarray(t * d, (t + 1) * d), 1, d, P, layout.out, nVocab, z);
  return z;
}

/** Cross-entropy at the given positions: adds d(weight * loss)/dP into G and returns the summed loss. */
export function backward(
  layout: Layout,
  P: Float64Array,
  cache: ForwardCache,
  targets: readonly { pos: number; token: number }[],
  weight: number,
  G: Float64Array,
): number {
  const { nEmbd: d, nHead, nFf, nVocab } = layout.shape;
  const T = cache.tokens.length;
  const dh = d / nHead;
  const scale = 1 / Math.sqrt(dh);
  let loss = 0;
  const dhOut = new Float64Array(T * d);
  const dz = new Float64Array(nVocab);
  for (const { pos, token } of targets) {
    const z = logitsAt(layout, P, cache, pos);
    let max = -Infinity;
    for (let i = 0; i < nVocab; i++) if ((z[i] as number) > max) max = z[i] as number;
    let sum = 0;
    for (let i = 0; i < nVocab; i++) sum += Math.exp((z[i] as number) - max);
    loss -= (z[token] as number) - max - Math.log(sum);
    for (let i = 0; i < nVocab; i++) dz[i] = (weight * Math.exp((z[i] as number) - max)) / sum;
    dz[token] = (dz[token] as number) - weight;
    linearBack(dz, cache.hOut.subarray(pos * d, (pos + 1) * d), 1, d, P, layout.out, nVocab, dhOut.subarray(pos * d, (pos + 1) * d), G);
  }
  let dx = new Float64Array(T * d);
  rmsNormBack(dhOut, cache.xOut, cache.rOut, T, d, P, layout.outNorm, dx, G);
  for (let l = layout.layers.length - 1; l >= 0; l--) {
    const L = layout.layers[l] as Layout['layers'][number];
    const c = cache.layers[l] as LayerCache;
    // Feed-forward: x = xMid + down(silu(gate h2) * up h2).
    const dm = new Float64Array(T * nFf);
    linearBack(dx, c.m, T, nFf, P, L.down, d, dm, G);
    const dg = new Float64Array(T * nFf);
    const du = new Float64Array(T * nFf);
    for (let i = 0; i < T * nFf; i++) {
      const z = c.g[i] as number;
      const sig = 1 / (1 + Math.exp(-z));
      du[i] = (dm[i] as number) * z * sig;
      dg[i] = (dm[i] as number) * (c.u[i] as number) * sig * (1 + z * (1 - sig));
    }
    const dh2 = new Float64Array(T * d);
    linearBack(dg, c.h2, T, d, P, L.gate, nFf, dh2, G);
    linearBack(du, c.h2, T, d, P, L.up, nFf, dh2, G);
    const dxMid = new Float64Array(dx);
    rmsNormBack(dh2, c.xMid, c.r2, T, d, P, L.ffnNorm, dxMid, G);
    // Attention: xMid = xIn + o(a).
    const da = new Float64Array(T * d);
    linearBack(dxMid, c.a, T, d, P, L.o, d, da, G);
    const dq = new Float64Array(T * d);
    const dk = new Float64Array(T * d);
    const dv = new Float64Array(T * d);
    const dp = new Float64Array(T);
    for (let h = 0; h < nHead; h++) {
      for (let i = 0; i < T; i++) {
        const row = (h * T + i) * T;
        let pdp = 0;
        for (let j = 0; j <= i; j++) {
          let s = 0;
          const pij = c.p[row + j] as number;
          for (let e = 0; e < dh; e++) {
            const dai = da[i * d + h * dh + e] as number;
            s += dai * (c.v[j * d + h * dh + e] as number);
            dv[j * d + h * dh + e] = (dv[j * d + h * dh + e] as number) + pij * dai;
          }
          dp[j] = s;
          pdp += pij * s;
        }
        for (let j = 0; j <= i; j++) {
          const ds = (c.p[row + j] as number) * ((dp[j] as number) - pdp) * scale;
          if (ds === 0) continue;
          for (let e = 0; e < dh; e++) {
            dq[i * d + h * dh + e] = (dq[i * d + h * dh + e] as number) + ds * (c.k[j * d + h * dh + e] as number);
            dk[j * d + h * dh + e] = (dk[j * d + h * dh + e] as number) + ds * (c.q[i * d + h * dh + e] as number);
          }
        }
      }
    }
    rope(dq, T, layout.shape, -1);
    rope(dk, T, layout.shape, -1);
    const dh1 = new Float64Array(T * d);
    linearBack(dq, c.h1, T, d, P, L.q, d, dh1, G);
    linearBack(dk, c.h1, T, d, P, L.k, d, dh1, G);
    linearBack(dv, c.h1, T, d, P, L.v, d, dh1, G);
    const dxIn = dxMid;
    rmsNormBack(dh1, c.xIn, c.r1, T, d, P, L.attnNorm, dxIn, G);
    dx = dxIn;
  }
  for (let t = 0; t < T; t++) {
    const at = layout.embd + (cache.tokens[t] as number) * d;
    for (let i = 0; i < d; i++) G[at + i] = (G[at + i] as number) + (dx[t * d + i] as number);
  }
  return loss;
}
