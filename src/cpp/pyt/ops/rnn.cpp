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

void no_double_backward(const char* op) {
  PYT_CHECK(!autograd::GradMode::is_enabled(), RuntimeError, op,
            ": double backward (create_graph=True) is not supported through the fused kernel");
}

// Rows per parallel chunk of an elementwise step: about 16k elements.
int64_t row_grain(int64_t H) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, H)); }

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
      no_double_backward("lstm_cell");
      Tensor act = n.saved(0), cp = n.saved(1), tc = n.saved(2);
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
    node->save(cp);
    node->save(tc);
    set_history(hy, node);
    set_history(cy, node);
  }
  return {hy, cy};
}

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                const Tensor& b_hh) {
  check_cell("gru_cell", input, hx, w_ih, w_hh, b_ih, b_hh, 3);
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
      no_double_backward("gru_cell");
      Tensor ws = n.saved(0), ghc = n.saved(1), hp = n.saved(2);
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
    node->save(ghc);
    node->save(hp);
    set_history(hy, node);
  }
  return hy;
}

namespace {
Tensor elman_cell(const char* op, bool relu, const Tensor& input, const Tensor& hx, const Tensor& w_ih,
                  const Tensor& w_hh, const Tensor& b_ih, const Tensor& b_hh) {
  check_cell(op, input, hx, w_ih, w_hh, b_ih, b_hh, 1);
  Tensor gi = linear(input, w_ih, b_ih), gh = linear(hx, w_hh, b_hh);
  Tensor hy;
  {
    autograd::NoGradGuard ng;
    hy = add(gi, gh);
  }
  PYT_DISPATCH_FLOATING(input.dtype(), op, [&] { cpu::rnn_cell_forward<scalar_t>(hy.numel(), relu, hy.data_ptr<scalar_t>()); });
  if (any_requires_grad({&gi, &gh})) {
    auto node = make_node(relu ? "ReluBackward0" : "TanhBackward0", {gi, gh},
                          [relu, op](BackwardNode& n, const TensorList& g) {
                            no_double_backward(op);
                            Tensor h = n.saved(0), dh = contiguous(g[0]);
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
  PYT_CHECK(input.dtype() == ScalarType::Float32 || input.dtype() == ScalarType::Float64, RuntimeError, op,
            ": expected a float32 or float64 input, got ", input.describe());
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
    PYT_CHECK(g.bs[t] > 0 && g.bs[t] <= g.B && (t == 0 || g.bs[t] <= g.bs[t - 1]), RuntimeError, op,
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

  const int64_t H = g.H, N = g.N, B = g.B;
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
        if (H > 0) cpu::gemm(false, true, n, GH, H, T(1), ph, H, pw, H, T(1), pgh, GH);
        T* pws = ws.data_ptr<T>() + off * GH;
        const T* pgi = pg + off * GH;
        parallel_for(0, n, row_grain(GH), [&](int64_t b, int64_t e) {
          cpu::gru_cell_forward<T>(e - b, H, pgi + b * GH, pgh + b * GH, php + (off + b) * H, pws + b * GH,
                                   ph + b * H);
        });
      } else {
        T* pgt = pg + off * GH;
        if (H > 0) cpu::gemm(false, true, n, GH, H, T(1), ph, H, pw, H, T(1), pgt, GH);
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
      no_double_backward("rnn_layer");
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
            if (H > 0) cpu::gemm(false, false, rows, H, GH, T(1), pdgi + off * GH, GH, pw, H, T(0), pdh, H);
          } else if (g.mode == 1) {
            parallel_for(0, rows, row_grain(GH), [&](int64_t b, int64_t e) {
              cpu::gru_cell_backward<T>(e - b, H, pdt + b * H, ws.data_ptr<T>() + (off + b) * GH,
                                        gh.data_ptr<T>() + (off + b) * GH, php + (off + b) * H,
                                        pdgi + (off + b) * GH, pdgh + (off + b) * GH, pdh + b * H);
            });
            if (H > 0) cpu::gemm(false, false, rows, H, GH, T(1), pdgh + off * GH, GH, pw, H, T(1), pdh, H);
          } else {
            cpu::rnn_cell_backward<T>(rows * H, g.mode == 3, pdt, pg + off * GH, pdgi + off * GH);
            if (H > 0) cpu::gemm(false, false, rows, H, GH, T(1), pdgi + off * GH, GH, pw, H, T(0), pdh, H);
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
    set_history(out, node);
    set_history(h, node);
    if (has_c) set_history(c, node);
  }
  return {out, h, c};
}

}  // namespace pyt
