// Recurrent cells and layers (see rnn.h). Note [Fused recurrent layer]: rnn_layer keeps the
// whole sequence in C++. Forward: gates = X W_ih^T + b for every step at once (one GEMM), then
// per step gates[rows] += h W_hh^T (one GEMM) and a fused elementwise update. It saves the
// activated gates, the previous states and (LSTM) tanh(c). Backward walks the steps in the
// opposite order: fused elementwise gradient of the gates, then dh = dgates W_hh (one GEMM);
// afterwards dX = dG W_ih, dW_ih = dG^T X and dW_hh = dG^T H_prev are three GEMMs over all
// steps. Every loop is sequential in a fixed order or split by rows, and the GEMMs are
// pyt's deterministic tiled ones, so results do not depend on the thread count.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/rnn_kernels.h"
#include "pyt/ops/ops.h"
#include "pyt/ops/reduced_precision.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

int64_t gate_count(const std::string& mode, const char* op) {
  if (mode == "LSTM") return 4;
  if (mode == "GRU") return 3;
  if (mode == "RNN_TANH" || mode == "RNN_RELU") return 1;
  throw ValueError(str(op, ": unknown mode '", mode, "' (expected LSTM, GRU, RNN_TANH or RNN_RELU)"));
}

void check_float(const Tensor& t, const char* op, const char* name, ScalarType dt) {
  PYT_CHECK(t.dtype() == dt, RuntimeError, op, ": expected ", name, " of dtype ", scalar_type_name(dt),
            " (the input's), got ", t.describe());
}

// Checks of a cell's arguments, with torch's wording ("input has inconsistent input_size").
void check_cell(const char* op, const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                const Tensor& b_ih, const Tensor& b_hh, int64_t gates) {
  PYT_CHECK(input.dim() == 2, RuntimeError, op, ": expected input to be 2-d (batch, input_size), got ",
            input.describe());
  PYT_CHECK(is_floating_type(input.dtype()), RuntimeError, op, ": expected a floating point input, got ",
            input.describe());
  PYT_CHECK(w_ih.dim() == 2 && w_hh.dim() == 2, RuntimeError, op, ": expected 2-d weights, got w_ih ",
            w_ih.describe(), " and w_hh ", w_hh.describe());
  // H: the gates' hidden size; w_hh's columns are hx's size (H, or an LSTM's projection size).
  int64_t H = w_ih.sizes()[0] / gates;
  PYT_CHECK(w_ih.sizes()[0] == gates * H && w_hh.sizes()[0] == gates * H, RuntimeError, op, ": expected w_ih and w_hh "
            "with the same multiple of ", gates, " rows (", gates, " * hidden_size), got w_ih ", w_ih.describe(),
            " and w_hh ", w_hh.describe());
  PYT_CHECK(gates == 4 || w_hh.sizes()[1] == H, RuntimeError, op, ": expected w_hh of shape [", gates * H, ", ", H,
            "], got ", w_hh.describe());
  PYT_CHECK(input.sizes()[1] == w_ih.sizes()[1], RuntimeError, "input has inconsistent input_size: got ",
            input.sizes()[1], " expected ", w_ih.sizes()[1], " (", op, ": input ", input.describe(), ", w_ih ",
            w_ih.describe(), ")");
  PYT_CHECK(hx.dim() == 2 && hx.sizes()[0] == input.sizes()[0], RuntimeError, "Input batch size ", input.sizes()[0],
            " doesn't match hidden0 batch size ", hx.dim() >= 1 ? hx.sizes()[0] : -1, " (", op, ": hx ",
            hx.describe(), ")");
  PYT_CHECK(hx.sizes()[1] == w_hh.sizes()[1], RuntimeError, "hidden0 has inconsistent hidden_size: got ",
            hx.sizes()[1], ", expected ", w_hh.sizes()[1], " (", op, ": hx ", hx.describe(), ")");
  ScalarType dt = input.dtype();
  check_float(hx, op, "hx", dt);
  check_float(w_ih, op, "w_ih", dt);
  check_float(w_hh, op, "w_hh", dt);
  if (b_ih.defined()) {
    check_float(b_ih, op, "b_ih", dt);
    PYT_CHECK(b_ih.dim() == 1 && b_ih.numel() == gates * H, RuntimeError, op, ": expected b_ih of shape [", gates * H,
              "], got ", b_ih.describe());
  }
  if (b_hh.defined()) {
    check_float(b_hh, op, "b_hh", dt);
    PYT_CHECK(b_hh.dim() == 1 && b_hh.numel() == gates * H, RuntimeError, op, ": expected b_hh of shape [", gates * H,
              "], got ", b_hh.describe());
  }
}

// ------------------------------------------------- differentiable backward ---
// Note [Double backward of the recurrent kernels]: when a fused node's backward runs with grad
// mode on (autograd.grad(..., create_graph=True)), its gradients are computed with pyt ops from
// the node's saved inputs (kept with their history), so they carry a graph and can be
// differentiated again, as torch's _thnn_differentiable_*_cell_backward. The cells rebuild the
// gates from the saved GEMM results; rnn_layer re-runs its forward one step at a time with pyt
// ops, then walks the steps backwards with the same per-step formulas. Without grad mode the
// fused kernels run, as before.

Tensor num(double v) { return wrapped_scalar(Scalar(v)); }
// sigmoid'(x) from s = sigmoid(x), tanh'(x) from t = tanh(x).
Tensor dsigmoid(const Tensor& s) { return mul(s, sub(num(1.0), s)); }
Tensor dtanh(const Tensor& t) { return sub(num(1.0), mul(t, t)); }
// Rows [0, rows) of t (t itself when that is all of it).
Tensor head_rows(const Tensor& t, int64_t rows) { return rows == t.sizes()[0] ? t : narrow(t, 0, 0, rows); }
// head with t's rows [head.size(0), end) below it.
Tensor with_tail(const Tensor& head, const Tensor& t) {
  int64_t n = head.sizes()[0], B = t.sizes()[0];
  return n == B ? head : cat({head, narrow(t, 0, n, B - n)}, 0);
}

// One LSTM step as pyt ops: pre (n, 4H) pre-activation gates (i, f, g, o), cp (n, H).
struct LstmStep {
  Tensor i, f, g, o, cp, tc, cy, hy;
};
LstmStep lstm_step(const Tensor& pre, const Tensor& cp) {
  int64_t H = cp.sizes()[1];
  LstmStep s;
  s.i = sigmoid(narrow(pre, 1, 0, H));
  s.f = sigmoid(narrow(pre, 1, H, H));
  s.g = tanh(narrow(pre, 1, 2 * H, H));
  s.o = sigmoid(narrow(pre, 1, 3 * H, H));
  s.cp = cp;
  s.cy = add(mul(s.f, cp), mul(s.i, s.g));
  s.tc = tanh(s.cy);
  s.hy = mul(s.o, s.tc);
  return s;
}
// Gradients of the gates (n, 4H) and of cp from those of hy and cy.
std::pair<Tensor, Tensor> lstm_step_grad(const LstmStep& s, const Tensor& dh, const Tensor& dc) {
  Tensor dct = add(dc, mul(mul(dh, s.o), dtanh(s.tc)));
  Tensor di = mul(mul(dct, s.g), dsigmoid(s.i));
  Tensor df = mul(mul(dct, s.cp), dsigmoid(s.f));
  Tensor dg = mul(mul(dct, s.i), dtanh(s.g));
  Tensor dout = mul(mul(dh, s.tc), dsigmoid(s.o));
  return {cat({di, df, dg, dout}, 1), mul(dct, s.f)};
}

// One GRU step as pyt ops: gi, gh (n, 3H) input and hidden GEMM results (r, z, n), hp (n, H).
struct GruStep {
  Tensor r, z, nn, hn, hp, hy;
};
GruStep gru_step(const Tensor& gi, const Tensor& gh, const Tensor& hp) {
  int64_t H = hp.sizes()[1];
  GruStep s;
  s.r = sigmoid(add(narrow(gi, 1, 0, H), narrow(gh, 1, 0, H)));
  s.z = sigmoid(add(narrow(gi, 1, H, H), narrow(gh, 1, H, H)));
  s.hn = narrow(gh, 1, 2 * H, H);
  s.nn = tanh(add(narrow(gi, 1, 2 * H, H), mul(s.r, s.hn)));
  s.hp = hp;
  s.hy = add(mul(sub(num(1.0), s.z), s.nn), mul(s.z, hp));
  return s;
}
// {d gi, d gh, the direct part dh * z of d hp}.
std::tuple<Tensor, Tensor, Tensor> gru_step_grad(const GruStep& s, const Tensor& dh) {
  Tensor dnp = mul(mul(dh, sub(num(1.0), s.z)), dtanh(s.nn));
  Tensor dzp = mul(mul(dh, sub(s.hp, s.nn)), dsigmoid(s.z));
  Tensor drp = mul(mul(dnp, s.hn), dsigmoid(s.r));
  return {cat({drp, dzp, dnp}, 1), cat({drp, dzp, mul(dnp, s.r)}, 1), mul(dh, s.z)};
}

// Gradient of the pre-activation of an Elman step from its output hy (torch's TanhBackward0 /
// ReluBackward0 formulas, differentiable through hy).
Tensor elman_step_grad(bool relu, const Tensor& hy, const Tensor& dh) {
  if (relu) return where(gt(hy, num(0.0)), dh, zeros_like(dh));
  return mul(dh, dtanh(hy));
}

// Rows per parallel chunk of an elementwise step: about 16k elements.
int64_t row_grain(int64_t H) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, H)); }

// Note [Reduced-precision cells]: for float16 and bfloat16 torch's CPU cells are composites of
// pyt-visible ops (linear, add, sigmoid, tanh, mul), each computed in float32 and rounded once
// to the input's dtype, so hy's grad_fn is MulBackward0 (LSTM), AddBackward0 (GRU), TanhBackward0
// or ReluBackward0 (Elman). The cells below do the same with pyt ops, which round the same way.
Tensor gate(const Tensor& gates, int64_t k, int64_t H) { return narrow(gates, 1, k * H, H); }

std::tuple<Tensor, Tensor> lstm_cell_composite(const Tensor& input, const Tensor& hx, const Tensor& cx,
                                               const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                                               const Tensor& b_hh) {
  Tensor gates = add(linear(hx, w_hh, b_hh), linear(input, w_ih, b_ih));
  int64_t H = cx.sizes()[1];
  Tensor i = sigmoid(gate(gates, 0, H)), f = sigmoid(gate(gates, 1, H)), g = tanh(gate(gates, 2, H)),
         o = sigmoid(gate(gates, 3, H));
  Tensor cy = add(mul(f, cx), mul(i, g));
  return {mul(o, tanh(cy)), cy};
}

Tensor gru_cell_composite(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                          const Tensor& b_ih, const Tensor& b_hh) {
  Tensor gi = linear(input, w_ih, b_ih), gh = linear(hx, w_hh, b_hh);
  int64_t H = hx.sizes()[1];
  Tensor r = sigmoid(add(gate(gh, 0, H), gate(gi, 0, H)));
  Tensor z = sigmoid(add(gate(gh, 1, H), gate(gi, 1, H)));
  Tensor n = tanh(add(gate(gi, 2, H), mul(gate(gh, 2, H), r)));
  return add(mul(sub(hx, n), z), n);
}

}  // namespace

// ---------------------------------------------------------------- cells ---

std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input, const Tensor& hx, const Tensor& cx, const Tensor& w_ih,
                                     const Tensor& w_hh, const Tensor& b_ih, const Tensor& b_hh) {
  check_cell("lstm_cell", input, hx, w_ih, w_hh, b_ih, b_hh, 4);
  PYT_CHECK(cx.dim() == 2 && cx.sizes()[0] == input.sizes()[0], RuntimeError, "Input batch size ",
            input.sizes()[0], " doesn't match hidden1 batch size ", cx.dim() >= 1 ? cx.sizes()[0] : -1,
            " (lstm_cell: cx ", cx.describe(), ")");
  PYT_CHECK(cx.sizes()[1] == w_ih.sizes()[0] / 4, RuntimeError, "hidden1 has inconsistent hidden_size: got ",
            cx.sizes()[1], ", expected ", w_ih.sizes()[0] / 4, " (lstm_cell: cx ", cx.describe(), ")");
  check_float(cx, "lstm_cell", "cx", input.dtype());
  if (is_half_float(input.dtype()))  // Note [Reduced-precision cells]
    return lstm_cell_composite(input, hx, cx, w_ih, w_hh, b_ih, b_hh);
  Tensor ig = linear(input, w_ih, b_ih), hg = linear(hx, w_hh, b_hh);
  int64_t B = input.sizes()[0], H = cx.sizes()[1];
  Tensor act, cp = contiguous(cx.detach());
  {
    autograd::NoGradGuard ng;
    act = add(ig, hg);  // fresh contiguous (B, 4H)
  }
  Tensor hy = empty({B, H}, input.dtype()), cy = empty({B, H}, input.dtype()), tc = empty({B, H}, input.dtype());
  PYT_DISPATCH_FLOATING(input.dtype(), "lstm_cell", [&] {
    scalar_t *pa = act.data_ptr<scalar_t>(), *pc = cy.data_ptr<scalar_t>(), *pt = tc.data_ptr<scalar_t>(),
             *ph = hy.data_ptr<scalar_t>();
    const scalar_t* pcp = cp.data_ptr<scalar_t>();
    parallel_for(0, B, row_grain(4 * H), [&](int64_t b, int64_t e) {
      cpu::lstm_cell_forward<scalar_t>(e - b, H, pa + b * 4 * H, pcp + b * H, pc + b * H, pt + b * H, ph + b * H);
    });
  });
  if (any_requires_grad({&ig, &hg, &cx})) {
    auto node = make_node("ThnnFusedLstmCellBackward0", {ig, hg, cx}, [B, H](BackwardNode& n, const TensorList& g) {
      if (autograd::GradMode::is_enabled()) {  // Note [Double backward of the recurrent kernels]
        LstmStep s = lstm_step(add(n.saved(3), n.saved(4)), n.saved(1));
        auto [dg, dcp] = lstm_step_grad(s, g[0], g[1]);
        return TensorList{dg, dg, dcp};
      }
      Tensor act = n.saved(0), cp = contiguous(n.saved(1).detach()), tc = n.saved(2);
      Tensor dh = contiguous(g[0]), dc = clone(contiguous(g[1]));
      Tensor dg = empty({B, 4 * H}, act.dtype());
      PYT_DISPATCH_FLOATING(act.dtype(), "lstm_cell_backward", [&] {
        const scalar_t *pa = act.data_ptr<scalar_t>(), *pcp = cp.data_ptr<scalar_t>(), *pt = tc.data_ptr<scalar_t>(),
                       *pdh = dh.data_ptr<scalar_t>();
        scalar_t *pdc = dc.data_ptr<scalar_t>(), *pdg = dg.data_ptr<scalar_t>();
        parallel_for(0, B, row_grain(4 * H), [&](int64_t b, int64_t e) {
          cpu::lstm_cell_backward<scalar_t>(e - b, H, pdh + b * H, pdc + b * H, pa + b * 4 * H, pcp + b * H,
                                            pt + b * H, pdg + b * 4 * H);
        });
      });
      return TensorList{dg, dg, dc};
    });
    node->save(act);
    node->save(cx);
    node->save(tc);
    node->save(ig);  // for the differentiable backward
    node->save(hg);
    set_history(hy, node);
    set_history(cy, node);
  }
  return {hy, cy};
}

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                const Tensor& b_hh) {
  check_cell("gru_cell", input, hx, w_ih, w_hh, b_ih, b_hh, 3);
  if (is_half_float(input.dtype()))  // Note [Reduced-precision cells]
    return gru_cell_composite(input, hx, w_ih, w_hh, b_ih, b_hh);
  Tensor gi = linear(input, w_ih, b_ih), gh = linear(hx, w_hh, b_hh);
  int64_t B = input.sizes()[0], H = hx.sizes()[1];
  Tensor gic = contiguous(gi.detach()), ghc = contiguous(gh.detach()), hp = contiguous(hx.detach());
  Tensor ws = empty({B, 3 * H}, input.dtype()), hy = empty({B, H}, input.dtype());
  PYT_DISPATCH_FLOATING(input.dtype(), "gru_cell", [&] {
    const scalar_t *pi = gic.data_ptr<scalar_t>(), *ph = ghc.data_ptr<scalar_t>(), *pp = hp.data_ptr<scalar_t>();
    scalar_t *pw = ws.data_ptr<scalar_t>(), *py = hy.data_ptr<scalar_t>();
    parallel_for(0, B, row_grain(3 * H), [&](int64_t b, int64_t e) {
      cpu::gru_cell_forward<scalar_t>(e - b, H, pi + b * 3 * H, ph + b * 3 * H, pp + b * H, pw + b * 3 * H,
                                      py + b * H);
    });
  });
  if (any_requires_grad({&gi, &gh, &hx})) {
    auto node = make_node("ThnnFusedGruCellBackward0", {gi, gh, hx}, [B, H](BackwardNode& n, const TensorList& g) {
      if (autograd::GradMode::is_enabled()) {  // Note [Double backward of the recurrent kernels]
        GruStep s = gru_step(n.saved(3), n.saved(1), n.saved(2));
        auto [dgi, dgh, dhp] = gru_step_grad(s, g[0]);
        return TensorList{dgi, dgh, dhp};
      }
      Tensor ws = n.saved(0), ghc = contiguous(n.saved(1).detach()), hp = contiguous(n.saved(2).detach());
      Tensor dh = contiguous(g[0]);
      Tensor dgi = empty({B, 3 * H}, ws.dtype()), dgh = empty({B, 3 * H}, ws.dtype()), dhp = empty({B, H}, ws.dtype());
      PYT_DISPATCH_FLOATING(ws.dtype(), "gru_cell_backward", [&] {
        parallel_for(0, B, row_grain(3 * H), [&](int64_t b, int64_t e) {
          cpu::gru_cell_backward<scalar_t>(e - b, H, dh.data_ptr<scalar_t>() + b * H,
                                           ws.data_ptr<scalar_t>() + b * 3 * H, ghc.data_ptr<scalar_t>() + b * 3 * H,
                                           hp.data_ptr<scalar_t>() + b * H, dgi.data_ptr<scalar_t>() + b * 3 * H,
                                           dgh.data_ptr<scalar_t>() + b * 3 * H, dhp.data_ptr<scalar_t>() + b * H);
        });
      });
      return TensorList{dgi, dgh, dhp};
    });
    node->save(ws);
    node->save(gh);
    node->save(hx);
    node->save(gi);  // for the differentiable backward
    set_history(hy, node);
  }
  return hy;
}

namespace {
Tensor elman_cell(const char* op, bool relu, const Tensor& input, const Tensor& hx, const Tensor& w_ih,
                  const Tensor& w_hh, const Tensor& b_ih, const Tensor& b_hh) {
  check_cell(op, input, hx, w_ih, w_hh, b_ih, b_hh, 1);
  Tensor gi = linear(input, w_ih, b_ih), gh = linear(hx, w_hh, b_hh);
  if (is_half_float(input.dtype())) {  // Note [Reduced-precision cells]
    Tensor pre = add(gi, gh);
    return relu ? pyt::relu(pre) : tanh(pre);
  }
  Tensor hy;
  {
    autograd::NoGradGuard ng;
    hy = add(gi, gh);
  }
  PYT_DISPATCH_FLOATING(input.dtype(), op, [&] { cpu::rnn_cell_forward<scalar_t>(hy.numel(), relu, hy.data_ptr<scalar_t>()); });
  if (any_requires_grad({&gi, &gh})) {
    auto node = make_node(relu ? "ReluBackward0" : "TanhBackward0", {gi, gh},
                          [relu, op](BackwardNode& n, const TensorList& g) {
                            Tensor h = n.saved(0);
                            if (autograd::GradMode::is_enabled()) {  // differentiable through h
                              Tensor dp = elman_step_grad(relu, h, g[0]);
                              return TensorList{dp, dp};
                            }
                            Tensor dh = contiguous(g[0]);
                            Tensor dp = empty(h.sizes(), h.dtype());
                            PYT_DISPATCH_FLOATING(h.dtype(), op, [&] {
                              cpu::rnn_cell_backward<scalar_t>(h.numel(), relu, dh.data_ptr<scalar_t>(),
                                                               h.data_ptr<scalar_t>(), dp.data_ptr<scalar_t>());
                            });
                            return TensorList{dp, dp};
                          });
    node->save(hy, true);
    set_history(hy, node);
  }
  return hy;
}
}  // namespace

Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                     const Tensor& b_hh) {
  return elman_cell("rnn_tanh_cell", false, input, hx, w_ih, w_hh, b_ih, b_hh);
}
Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                     const Tensor& b_hh) {
  return elman_cell("rnn_relu_cell", true, input, hx, w_ih, w_hh, b_ih, b_hh);
}

// ---------------------------------------------------------------- layer ---

namespace {

struct LayerGeom {
  int mode;  // 0 LSTM, 1 GRU, 2 tanh, 3 relu
  int64_t G, H, I, N, B, T;
  std::vector<int64_t> bs, offs;
  bool reverse;
  int64_t step_at(int64_t s) const { return reverse ? T - 1 - s : s; }
};

// Fills each of the N rows of dst (N, GH) with b1 (+ b2), or zeros.
template <typename T>
void fill_bias_rows(T* dst, int64_t N, int64_t GH, const T* b1, const T* b2) {
  std::vector<T> row(static_cast<size_t>(GH), T(0));
  for (int64_t j = 0; j < GH; ++j) row[j] = (b1 ? b1[j] : T(0)) + (b2 ? b2[j] : T(0));
  for (int64_t r = 0; r < N; ++r) std::memcpy(dst + r * GH, row.data(), sizeof(T) * GH);
}

// Column sums of a (N, C) matrix into out (C), rows in order (deterministic).
template <typename T>
void column_sums(const T* m, int64_t N, int64_t C, T* out) {
  parallel_for(0, C, 256, [&](int64_t b, int64_t e) {
    for (int64_t j = b; j < e; ++j) out[j] = T(0);
    for (int64_t r = 0; r < N; ++r) {
      const T* row = m + r * C;
      for (int64_t j = b; j < e; ++j) out[j] += row[j];
    }
  });
}

// rnn_layer's backward with pyt ops (Note [Double backward of the recurrent kernels]): re-runs
// the forward one step at a time from the saved inputs, then walks the steps backwards.
// Slots: 0 input, 1 w_ih, 2 w_hh, 9 hx, 10 cx, 11 b_ih, 12 b_hh.
TensorList rnn_layer_backward_composite(const LayerGeom& g, BackwardNode& node, const TensorList& grads) {
  Tensor x = node.saved(0), wih = node.saved(1), whh = node.saved(2), h0 = node.saved(9), c0 = node.saved(10),
         bih = node.saved(11), bhh = node.saved(12);
  const int64_t T = g.T;
  const bool lstm = g.mode == 0, gru = g.mode == 1, relu = g.mode == 3;
  TensorList r(7);
  Tensor dh = grads[1], dc = lstm ? grads[2] : Tensor();
  if (T == 0) {  // no steps: the states pass through
    if (node.needs_input_grad(0)) r[0] = zeros_like(x);
    r[1] = dh;
    r[2] = dc;
    if (node.needs_input_grad(3)) r[3] = zeros_like(wih);
    if (node.needs_input_grad(4)) r[4] = zeros_like(whh);
    if (bih.defined() && node.needs_input_grad(5)) r[5] = zeros_like(bih);
    if (bhh.defined() && node.needs_input_grad(6)) r[6] = zeros_like(bhh);
    return r;
  }
  Tensor whh_t = t(whh);
  Tensor gx = mm(x, t(wih));  // (N, G*H): input projections of every step
  if (bih.defined()) gx = add(gx, bih);
  if (!gru && bhh.defined()) gx = add(gx, bhh);
  std::vector<LstmStep> ls(lstm ? T : 0);
  std::vector<GruStep> gs(gru ? T : 0);
  std::vector<Tensor> hp(T), hy(T);  // by step index t
  Tensor h = h0, c = c0;
  for (int64_t s = 0; s < T; ++s) {
    int64_t k = g.step_at(s), rows = g.bs[k];
    hp[k] = head_rows(h, rows);
    Tensor gi = narrow(gx, 0, g.offs[k], rows);
    if (lstm) {
      ls[k] = lstm_step(add(gi, mm(hp[k], whh_t)), head_rows(c, rows));
      hy[k] = ls[k].hy;
      c = with_tail(ls[k].cy, c);
    } else if (gru) {
      Tensor gh = mm(hp[k], whh_t);
      if (bhh.defined()) gh = add(gh, bhh);
      gs[k] = gru_step(gi, gh, hp[k]);
      hy[k] = gs[k].hy;
    } else {
      Tensor pre = add(gi, mm(hp[k], whh_t));
      hy[k] = relu ? pyt::relu(pre) : tanh(pre);
    }
    h = with_tail(hy[k], h);
  }
  Tensor dout = grads[0];
  std::vector<Tensor> dgi(T), dgh(T);
  for (int64_t s = T - 1; s >= 0; --s) {
    int64_t k = g.step_at(s), rows = g.bs[k];
    Tensor dht = add(head_rows(dh, rows), narrow(dout, 0, g.offs[k], rows));
    Tensor dhp;
    if (lstm) {
      auto [dgates, dcp] = lstm_step_grad(ls[k], dht, head_rows(dc, rows));
      dgi[k] = dgh[k] = dgates;
      dhp = mm(dgates, whh);
      dc = with_tail(dcp, dc);
    } else if (gru) {
      auto [dgates_i, dgates_h, dh_direct] = gru_step_grad(gs[k], dht);
      dgi[k] = dgates_i;
      dgh[k] = dgates_h;
      dhp = add(dh_direct, mm(dgates_h, whh));
    } else {
      dgi[k] = dgh[k] = elman_step_grad(relu, hy[k], dht);
      dhp = mm(dgi[k], whh);
    }
    dh = with_tail(dhp, dh);
  }
  Tensor dG = cat(dgi, 0), dGh = gru ? cat(dgh, 0) : dG;  // rows in the input's order
  if (node.needs_input_grad(0)) r[0] = mm(dG, wih);
  r[1] = dh;
  r[2] = dc;
  if (node.needs_input_grad(3)) r[3] = mm(t(dG), x);
  if (node.needs_input_grad(4)) r[4] = mm(t(dGh), cat(hp, 0));
  if (node.needs_input_grad(5)) r[5] = sum(dG, std::vector<int64_t>{0});
  if (node.needs_input_grad(6)) r[6] = sum(dGh, std::vector<int64_t>{0});
  return r;
}

}  // namespace

std::vector<Tensor> rnn_layer(const std::string& mode, const Tensor& input, const std::vector<int64_t>& batch_sizes,
                              const Tensor& hx, const Tensor& cx, const Tensor& w_ih, const Tensor& w_hh,
                              const Tensor& b_ih, const Tensor& b_hh, bool reverse) {
  const char* op = "rnn_layer";
  LayerGeom g;
  g.G = gate_count(mode, op);
  g.mode = mode == "LSTM" ? 0 : mode == "GRU" ? 1 : mode == "RNN_TANH" ? 2 : 3;
  g.reverse = reverse;
  PYT_CHECK(input.dim() == 2, RuntimeError, op, ": expected input of shape (N, input_size), got ", input.describe());
  // float16 / bfloat16: the whole layer runs in float32 and its outputs are rounded once.
  if (ScalarType rd = reduced_float_of({input, hx, cx, w_ih, w_hh, b_ih, b_hh}); rd != ScalarType::Undefined)
    return run_in_float32({input, hx, cx, w_ih, w_hh, b_ih, b_hh}, rd, [&](const TensorList& a) {
      return rnn_layer(mode, a[0], batch_sizes, a[1], a[2], a[3], a[4], a[5], a[6], reverse);
    });
  PYT_CHECK(input.dtype() == ScalarType::Float32 || input.dtype() == ScalarType::Float64, RuntimeError, op,
            ": expected a float32, float64, float16 or bfloat16 input with parameters and states of its dtype, got ",
            input.describe());
  PYT_CHECK(w_hh.dim() == 2 && w_ih.dim() == 2, RuntimeError, op, ": expected 2-d weights, got w_ih ", w_ih.describe(),
            " and w_hh ", w_hh.describe());
  g.H = w_hh.sizes()[1];
  g.I = input.sizes()[1];
  g.N = input.sizes()[0];
  int64_t GH = g.G * g.H;
  PYT_CHECK(w_ih.sizes()[0] == GH && w_hh.sizes()[0] == GH, RuntimeError, op, ": expected weights with ", GH,
            " rows, got w_ih ", w_ih.describe(), " and w_hh ", w_hh.describe());
  PYT_CHECK(w_ih.sizes()[1] == g.I, RuntimeError, op, ": input.size(-1) must be equal to input_size. Expected ",
            w_ih.sizes()[1], ", got ", g.I);
  PYT_CHECK(hx.dim() == 2 && hx.sizes()[1] == g.H, RuntimeError, op, ": expected hx of shape (batch, ", g.H, "), got ",
            hx.describe());
  g.B = hx.sizes()[0];
  g.T = static_cast<int64_t>(batch_sizes.size());
  g.bs = batch_sizes;
  int64_t total = 0;
  for (int64_t t = 0; t < g.T; ++t) {
    // An empty batch (B == 0, torch's (T, 0, I) input) has steps of 0 rows.
    PYT_CHECK((g.bs[t] > 0 || g.B == 0) && g.bs[t] <= g.B && (t == 0 || g.bs[t] <= g.bs[t - 1]), RuntimeError, op,
              ": batch_sizes must be positive, non-increasing and at most the batch size ", g.B, "; got ",
              shape_to_string(batch_sizes));
    g.offs.push_back(total);
    total += g.bs[t];
  }
  PYT_CHECK(total == g.N, RuntimeError, op, ": batch_sizes sum to ", total, " but the input has ", g.N, " rows");
  ScalarType dt = input.dtype();
  check_float(hx, op, "hx", dt);
  check_float(w_ih, op, "w_ih", dt);
  check_float(w_hh, op, "w_hh", dt);
  if (g.mode == 0) {
    PYT_CHECK(cx.defined() && cx.sizes() == hx.sizes(), RuntimeError, op, ": expected cx of shape ", hx.shape_str(),
              ", got ", cx.defined() ? cx.describe() : std::string("none"));
    check_float(cx, op, "cx", dt);
  }
  for (const Tensor* b : {&b_ih, &b_hh})
    if (b->defined()) {
      check_float(*b, op, "bias", dt);
      PYT_CHECK(b->dim() == 1 && b->numel() == GH, RuntimeError, op, ": expected biases of shape [", GH, "], got ",
                b->describe());
    }

  const int64_t H = g.H, N = g.N;
  Tensor x = contiguous(input.detach()), wih = contiguous(w_ih.detach()), whh = contiguous(w_hh.detach());
  Tensor bih = b_ih.defined() ? contiguous(b_ih.detach()) : Tensor();
  Tensor bhh = b_hh.defined() ? contiguous(b_hh.detach()) : Tensor();
  Tensor h = clone(contiguous(hx.detach()));
  Tensor c = g.mode == 0 ? clone(contiguous(cx.detach())) : Tensor();
  Tensor out = empty({N, H}, dt);
  Tensor gates = empty({N, GH}, dt);  // LSTM/RNN: activated gates; GRU: input gates
  Tensor hprev = empty({N, H}, dt);
  Tensor cprev = g.mode == 0 ? empty({N, H}, dt) : Tensor();
  Tensor tanhc = g.mode == 0 ? empty({N, H}, dt) : Tensor();
  Tensor gh = g.mode == 1 ? empty({N, GH}, dt) : Tensor();  // GRU: hidden gates
  Tensor ws = g.mode == 1 ? empty({N, GH}, dt) : Tensor();  // GRU: r, z, n
  PYT_DISPATCH_FLOATING(dt, op, [&] {
    using T = scalar_t;
    const T* pb1 = bih.defined() ? bih.data_ptr<T>() : nullptr;
    const T* pb2 = bhh.defined() ? bhh.data_ptr<T>() : nullptr;
    T* pg = gates.data_ptr<T>();
    fill_bias_rows<T>(pg, N, GH, pb1, g.mode == 1 ? nullptr : pb2);
    if (N > 0 && g.I > 0)
      cpu::gemm(false, true, N, GH, g.I, T(1), x.data_ptr<T>(), g.I, wih.data_ptr<T>(), g.I, T(1), pg, GH);
    T *ph = h.data_ptr<T>(), *po = out.data_ptr<T>(), *php = hprev.data_ptr<T>();
    const T* pw = whh.data_ptr<T>();
    for (int64_t s = 0; s < g.T; ++s) {
      int64_t t = g.step_at(s), n = g.bs[t], off = g.offs[t];
      std::memcpy(php + off * H, ph, sizeof(T) * n * H);
      if (g.mode == 1) {
        T* pgh = gh.data_ptr<T>() + off * GH;
        fill_bias_rows<T>(pgh, n, GH, pb2, nullptr);
        if (n > 0 && H > 0) cpu::gemm(false, true, n, GH, H, T(1), ph, H, pw, H, T(1), pgh, GH);
        T* pws = ws.data_ptr<T>() + off * GH;
        const T* pgi = pg + off * GH;
        parallel_for(0, n, row_grain(GH), [&](int64_t b, int64_t e) {
          cpu::gru_cell_forward<T>(e - b, H, pgi + b * GH, pgh + b * GH, php + (off + b) * H, pws + b * GH,
                                   ph + b * H);
        });
      } else {
        T* pgt = pg + off * GH;
        if (n > 0 && H > 0) cpu::gemm(false, true, n, GH, H, T(1), ph, H, pw, H, T(1), pgt, GH);
        if (g.mode == 0) {
          T* pc = c.data_ptr<T>();
          T* pcp = cprev.data_ptr<T>() + off * H;
          std::memcpy(pcp, pc, sizeof(T) * n * H);
          T* ptc = tanhc.data_ptr<T>() + off * H;
          parallel_for(0, n, row_grain(GH), [&](int64_t b, int64_t e) {
            cpu::lstm_cell_forward<T>(e - b, H, pgt + b * GH, pcp + b * H, pc + b * H, ptc + b * H, ph + b * H);
          });
        } else {
          cpu::rnn_cell_forward<T>(n * H, g.mode == 3, pgt);
          std::memcpy(ph, pgt, sizeof(T) * n * H);
        }
      }
      std::memcpy(po + off * H, ph, sizeof(T) * n * H);
    }
  });
  if (any_requires_grad({&input, &hx, &cx, &w_ih, &w_hh, &b_ih, &b_hh})) {
    bool has_c = g.mode == 0;
    auto node = make_node("MkldnnRnnLayerBackward0", {input, hx, cx, w_ih, w_hh, b_ih, b_hh},
                          [g, has_c](BackwardNode& n, const TensorList& grads) {
      if (autograd::GradMode::is_enabled()) return rnn_layer_backward_composite(g, n, grads);
      const int64_t H = g.H, N = g.N, B = g.B, GH = g.G * g.H, I = g.I;
      Tensor x = contiguous(n.saved(0).detach()), wih = contiguous(n.saved(1).detach()),
             whh = contiguous(n.saved(2).detach());
      Tensor gates = n.saved(3), hprev = n.saved(4), cprev = n.saved(5), tanhc = n.saved(6), gh = n.saved(7),
             ws = n.saved(8);
      ScalarType dt = gates.dtype();
      Tensor dout = contiguous(grads[0]);
      Tensor dh = clone(contiguous(grads[1]));
      Tensor dc = has_c ? clone(contiguous(grads[2])) : Tensor();
      Tensor dgi = empty({N, GH}, dt);
      Tensor dgh = g.mode == 1 ? empty({N, GH}, dt) : dgi;
      Tensor dht = empty({std::max<int64_t>(B, 0), H}, dt);
      PYT_DISPATCH_FLOATING(dt, "rnn_layer_backward", [&] {
        using T = scalar_t;
        T *pdh = dh.data_ptr<T>(), *pdt = dht.data_ptr<T>(), *pdgi = dgi.data_ptr<T>(), *pdgh = dgh.data_ptr<T>();
        const T *pdo = dout.data_ptr<T>(), *pw = whh.data_ptr<T>(), *pg = gates.data_ptr<T>(),
                *php = hprev.data_ptr<T>();
        for (int64_t s = g.T - 1; s >= 0; --s) {
          int64_t t = g.step_at(s), rows = g.bs[t], off = g.offs[t];
          for (int64_t k = 0; k < rows * H; ++k) pdt[k] = pdh[k] + pdo[off * H + k];
          if (g.mode == 0) {
            T* pdc = dc.data_ptr<T>();
            const T *pcp = cprev.data_ptr<T>() + off * H, *ptc = tanhc.data_ptr<T>() + off * H;
            parallel_for(0, rows, row_grain(GH), [&](int64_t b, int64_t e) {
              cpu::lstm_cell_backward<T>(e - b, H, pdt + b * H, pdc + b * H, pg + (off + b) * GH, pcp + b * H,
                                         ptc + b * H, pdgi + (off + b) * GH);
            });
            if (rows > 0 && H > 0) cpu::gemm(false, false, rows, H, GH, T(1), pdgi + off * GH, GH, pw, H, T(0), pdh, H);
          } else if (g.mode == 1) {
            parallel_for(0, rows, row_grain(GH), [&](int64_t b, int64_t e) {
              cpu::gru_cell_backward<T>(e - b, H, pdt + b * H, ws.data_ptr<T>() + (off + b) * GH,
                                        gh.data_ptr<T>() + (off + b) * GH, php + (off + b) * H,
                                        pdgi + (off + b) * GH, pdgh + (off + b) * GH, pdh + b * H);
            });
            if (rows > 0 && H > 0) cpu::gemm(false, false, rows, H, GH, T(1), pdgh + off * GH, GH, pw, H, T(1), pdh, H);
          } else {
            cpu::rnn_cell_backward<T>(rows * H, g.mode == 3, pdt, pg + off * GH, pdgi + off * GH);
            if (rows > 0 && H > 0) cpu::gemm(false, false, rows, H, GH, T(1), pdgi + off * GH, GH, pw, H, T(0), pdh, H);
          }
        }
      });
      TensorList r(7);
      PYT_DISPATCH_FLOATING(dt, "rnn_layer_backward", [&] {
        using T = scalar_t;
        if (n.needs_input_grad(0)) {
          r[0] = zeros({N, I}, dt);
          if (N > 0 && GH > 0 && I > 0)
            cpu::gemm(false, false, N, I, GH, T(1), dgi.data_ptr<T>(), GH, wih.data_ptr<T>(), I, T(0),
                      r[0].data_ptr<T>(), I);
        }
        if (n.needs_input_grad(1)) r[1] = dh;
        if (has_c && n.needs_input_grad(2)) r[2] = dc;
        if (n.needs_input_grad(3)) {
          r[3] = zeros({GH, I}, dt);
          if (N > 0 && GH > 0 && I > 0)
            cpu::gemm(true, false, GH, I, N, T(1), dgi.data_ptr<T>(), GH, x.data_ptr<T>(), I, T(0),
                      r[3].data_ptr<T>(), I);
        }
        if (n.needs_input_grad(4)) {
          r[4] = zeros({GH, H}, dt);
          if (N > 0 && GH > 0 && H > 0)
            cpu::gemm(true, false, GH, H, N, T(1), dgh.data_ptr<T>(), GH, hprev.data_ptr<T>(), H, T(0),
                      r[4].data_ptr<T>(), H);
        }
        if (n.needs_input_grad(5)) {
          r[5] = empty({GH}, dt);
          column_sums<T>(dgi.data_ptr<T>(), N, GH, r[5].data_ptr<T>());
        }
        if (n.needs_input_grad(6)) {
          r[6] = empty({GH}, dt);
          column_sums<T>(dgh.data_ptr<T>(), N, GH, r[6].data_ptr<T>());
        }
      });
      return r;
    });
    node->save(input);
    node->save(w_ih);
    node->save(w_hh);
    node->save(gates);
    node->save(hprev);
    node->save(cprev);
    node->save(tanhc);
    node->save(gh);
    node->save(ws);
    node->save(hx);  // slots 9-12: for the differentiable backward
    node->save(cx);
    node->save(b_ih);
    node->save(b_hh);
    set_history(out, node);
    set_history(h, node);
    if (has_c) set_history(c, node);
  }
  return {out, h, c};
}

}  // namespace pyt
