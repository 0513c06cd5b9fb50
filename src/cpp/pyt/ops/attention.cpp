// scaled_dot_product_attention (see rnn.h). Note [Fused attention]: q, k and v are brought
// to (Bt, L, E), (Bt, S, E), (Bt, S, Ev) with pyt's own expand/reshape (so their gradients
// flow back through those ops); then, per batch-head b, one GEMM forms the scores, one pass
// masks, scales and normalises them (a row with every key masked gives zeros, as torch), the
// dropout mask (Philox, drawn before the loop) is applied and one GEMM multiplies by v. The
// softmax P is saved. Backward per b: dv = Pd^T dO, dP = dO v^T, dS = P (dP - rowsum(dP P)),
// dq = scale dS k, dk = scale dS^T q (four GEMMs and one pass). With create_graph the same
// formulas run as pyt ops on a recomputed P, so double backward works. Batch-heads run in
// parallel with single-threaded GEMMs, each writing only its own slices: deterministic.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

constexpr const char* kOp = "scaled_dot_product_attention";

// Runs f(b) for b in [0, Bt): in parallel with one-thread GEMMs when there are enough
// batch-heads, else one after another (each GEMM then uses the pool itself).
template <typename F>
void for_each_batch(int64_t Bt, F f) {
  int threads = get_num_threads();
  if (threads > 1 && Bt >= threads) {
    cpu::BlasThreadsGuard one(1);
    parallel_for(0, Bt, 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) f(i);
    });
  } else {
    for (int64_t i = 0; i < Bt; ++i) f(i);
  }
}

struct MaskView {
  int kind = 0;  // 0 none, 1 bool, 2 float
  const void* data = nullptr;
  std::vector<int64_t> batch_off;  // element offset of each batch-head's (L, S) plane
  int64_t sl = 0, ss = 0;
};

// Element offsets of the (L, S) planes of a mask expanded to batch + (L, S).
MaskView mask_view(const Tensor& me, int64_t Bt) {
  MaskView mv;
  mv.kind = me.dtype() == ScalarType::Bool ? 1 : 2;
  mv.data = me.data_ptr();
  int64_t nd = me.dim();
  mv.sl = me.strides()[nd - 2];
  mv.ss = me.strides()[nd - 1];
  mv.batch_off.resize(static_cast<size_t>(Bt));
  std::vector<int64_t> idx(static_cast<size_t>(nd - 2), 0);
  for (int64_t b = 0; b < Bt; ++b) {
    int64_t off = me.storage_offset();
    for (int64_t d = 0; d < nd - 2; ++d) off += idx[d] * me.strides()[d];
    mv.batch_off[b] = off - me.storage_offset();
    for (int64_t d = nd - 3; d >= 0; --d) {
      if (++idx[d] < me.sizes()[d]) break;
      idx[d] = 0;
    }
  }
  return mv;
}

// In place: row i of scores (L, S) becomes softmax(scores + mask) (zeros when all masked).
template <typename T>
void masked_softmax_rows(T* sc, int64_t L, int64_t S, const MaskView& mv, int64_t b, bool causal) {
  const T neg_inf = -std::numeric_limits<T>::infinity();
  for (int64_t i = 0; i < L; ++i) {
    T* row = sc + i * S;
    if (mv.kind == 1) {
      const bool* m = static_cast<const bool*>(mv.data) + mv.batch_off[b] + i * mv.sl;
      for (int64_t j = 0; j < S; ++j)
        if (!m[j * mv.ss]) row[j] = neg_inf;
    } else if (mv.kind == 2) {
      const T* m = static_cast<const T*>(mv.data) + mv.batch_off[b] + i * mv.sl;
      for (int64_t j = 0; j < S; ++j) row[j] += m[j * mv.ss];
    }
    if (causal)
      for (int64_t j = i + 1; j < S; ++j) row[j] = neg_inf;
    T mx = neg_inf;
    for (int64_t j = 0; j < S; ++j) mx = std::max(mx, row[j]);
    if (mx == neg_inf) {
      std::fill(row, row + S, T(0));
      continue;
    }
    T s = 0;
    for (int64_t j = 0; j < S; ++j) {
      T e = std::exp(row[j] - mx);
      row[j] = e;
      s += e;
    }
    T inv = T(1) / s;
    for (int64_t j = 0; j < S; ++j) row[j] *= inv;
  }
}

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& q_in, const Tensor& k_in, const Tensor& v_in,
                                    const Tensor& attn_mask, double dropout_p, bool is_causal,
                                    std::optional<double> scale_opt, bool enable_gqa, Generator* gen) {
  PYT_CHECK(q_in.dim() >= 2 && k_in.dim() >= 2 && v_in.dim() >= 2, RuntimeError, kOp,
            ": expected query, key and value with at least 2 dims, got query ", q_in.describe(), ", key ",
            k_in.describe(), ", value ", v_in.describe());
  if (ScalarType rd = reduced_float_of({q_in, k_in, v_in, attn_mask}); rd != ScalarType::Undefined)
    return run_in_float32({q_in, k_in, v_in, attn_mask}, rd, [&](const TensorList& a) {
      return TensorList{
          scaled_dot_product_attention(a[0], a[1], a[2], a[3], dropout_p, is_causal, scale_opt, enable_gqa, gen)};
    })[0];
  ScalarType dt = q_in.dtype();
  PYT_CHECK(dt == ScalarType::Float32 || dt == ScalarType::Float64, RuntimeError, kOp,
            ": expected query of dtype float32 or float64, got ", q_in.describe());
  PYT_CHECK(k_in.dtype() == dt && v_in.dtype() == dt, RuntimeError, kOp,
            ": Expected query, key, and value to have the same dtype, but got query.dtype: ", scalar_type_name(dt),
            " key.dtype: ", scalar_type_name(k_in.dtype()), " and value.dtype: ", scalar_type_name(v_in.dtype()),
            " instead.");
  PYT_CHECK(dropout_p >= 0 && dropout_p <= 1, RuntimeError, kOp, ": dropout_p must be in [0, 1], got ", dropout_p);
  int64_t L = q_in.sizes().end()[-2], E = q_in.sizes().back();
  int64_t S = k_in.sizes().end()[-2], Ev = v_in.sizes().back();
  PYT_CHECK(k_in.sizes().back() == E, RuntimeError, kOp, ": expected key's last dim to equal query's (", E,
            "), got query ", q_in.describe(), " and key ", k_in.describe());
  PYT_CHECK(v_in.sizes().end()[-2] == S, RuntimeError, kOp, ": expected value with as many rows as key (", S,
            "), got key ", k_in.describe(), " and value ", v_in.describe());
  if (is_causal)
    PYT_CHECK(!attn_mask.defined(), RuntimeError, kOp,
              ": Explicit attn_mask should not be set when is_causal=True");
  if (attn_mask.defined())
    PYT_CHECK(attn_mask.dtype() == ScalarType::Bool || attn_mask.dtype() == dt, RuntimeError, kOp,
              ": Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: ",
              scalar_type_name(attn_mask.dtype()), " and  query.dtype: ", scalar_type_name(dt), " instead.");
  Tensor k = k_in, v = v_in;
  if (enable_gqa && q_in.dim() >= 3 && k_in.dim() >= 3 && v_in.dim() >= 3) {
    int64_t hq = q_in.sizes().end()[-3], hk = k_in.sizes().end()[-3], hv = v_in.sizes().end()[-3];
    auto repeat = [&](const Tensor& t, int64_t h, const char* name) {
      if (h == hq) return t;
      PYT_CHECK(h > 0 && hq % h == 0, RuntimeError, kOp, ": with enable_gqa the number of query heads (", hq,
                ") must be a multiple of the ", name, " heads (", h, ")");
      Tensor idx = empty({hq}, ScalarType::Int64);
      for (int64_t i = 0; i < hq; ++i) idx.data_ptr<int64_t>()[i] = i / (hq / h);
      return index_select(t, t.dim() - 3, idx);
    };
    k = repeat(k_in, hk, "key");
    v = repeat(v_in, hv, "value");
  }
  std::vector<int64_t> qb(q_in.sizes().begin(), q_in.sizes().end() - 2), kb(k.sizes().begin(), k.sizes().end() - 2),
      vb(v.sizes().begin(), v.sizes().end() - 2);
  std::vector<int64_t> batch = broadcast_shapes(broadcast_shapes(qb, kb, kOp), vb, kOp);
  int64_t Bt = 1;
  for (int64_t s : batch) Bt *= s;
  auto to3 = [&](const Tensor& t, int64_t r, int64_t c) {
    std::vector<int64_t> full = batch;
    full.push_back(r);
    full.push_back(c);
    return reshape(contiguous(expand(t, full)), {Bt, r, c});
  };
  Tensor q3 = to3(q_in, L, E), k3 = to3(k, S, E), v3 = to3(v, S, Ev);
  std::vector<int64_t> mfull = batch;
  mfull.push_back(L);
  mfull.push_back(S);
  Tensor me = attn_mask.defined() ? expand(attn_mask, mfull) : Tensor();
  double scale = scale_opt ? *scale_opt : 1.0 / std::sqrt(static_cast<double>(E));
  bool dropout = dropout_p > 0;
  Tensor P = empty({Bt, L, S}, dt);
  Tensor dm;
  if (dropout) {
    dm = empty({Bt, L, S}, dt);
    bernoulli_(dm, 1.0 - dropout_p, gen);
  }
  std::vector<int64_t> osz = batch;  // (..., L, Ev): the (Bt, L, Ev) layout, no reshaping view
  osz.push_back(L);
  osz.push_back(Ev);
  Tensor out = empty(osz, dt);
  MaskView mv = me.defined() ? mask_view(me, Bt) : MaskView();
  Tensor q3d = q3.detach(), k3d = k3.detach(), v3d = v3.detach();
  PYT_DISPATCH_FLOATING(dt, kOp, [&] {
    using T = scalar_t;
    const T *pq = q3d.data_ptr<T>(), *pk = k3d.data_ptr<T>(), *pv = v3d.data_ptr<T>();
    T *pp = P.data_ptr<T>(), *po = out.data_ptr<T>();
    const T* pdm = dropout ? dm.data_ptr<T>() : nullptr;
    T keep = dropout_p >= 1 ? T(0) : static_cast<T>(1.0 / (1.0 - dropout_p));
    for_each_batch(Bt, [&](int64_t b) {
      T* sc = pp + b * L * S;
      if (L * S == 0) {
        std::fill(po + b * L * Ev, po + (b + 1) * L * Ev, T(0));
        return;
      }
      if (E > 0)
        cpu::gemm(false, true, L, S, E, static_cast<T>(scale), pq + b * L * E, E, pk + b * S * E, E, T(0), sc, S);
      else
        std::fill(sc, sc + L * S, T(0));
      masked_softmax_rows<T>(sc, L, S, mv, b, is_causal);
      const T* w = sc;
      std::vector<T> tmp;
      if (pdm) {
        tmp.resize(static_cast<size_t>(L * S));
        for (int64_t i = 0; i < L * S; ++i) tmp[i] = sc[i] * pdm[b * L * S + i] * keep;
        w = tmp.data();
      }
      if (Ev > 0) cpu::gemm(false, false, L, Ev, S, T(1), w, S, pv + b * S * Ev, Ev, T(0), po + b * L * Ev, Ev);
    });
  });
  bool mask_grad = me.defined() && me.dtype() != ScalarType::Bool;
  if (any_requires_grad({&q3, &k3, &v3}) || (mask_grad && any_requires_grad({&me}))) {
    auto node = make_node(
        "ScaledDotProductFlashAttentionForCpuBackward0", {q3, k3, v3, mask_grad ? me : Tensor()},
        [Bt, L, S, E, Ev, scale, dropout, dropout_p, is_causal, mask_grad](BackwardNode& n, const TensorList& g) {
          Tensor q3 = n.saved(0), k3 = n.saved(1), v3 = n.saved(2), P = n.saved(3), dm = n.saved(4),
                 me = n.saved(5);
          double keep = dropout_p >= 1 ? 0.0 : 1.0 / (1.0 - dropout_p);
          Tensor dO = reshape(g[0], {Bt, L, Ev});
          TensorList r(4);
          if (autograd::GradMode::is_enabled()) {
            // create_graph: the formulas of Note [Fused attention] as pyt ops on a recomputed P.
            Tensor sc = mul(bmm(q3, transpose(k3, 1, 2)), wrapped_scalar(Scalar(scale)));
            if (me.defined() && me.dtype() != ScalarType::Bool) sc = add(sc, reshape(me, {Bt, L, S}));
            Tensor off;  // positions removed by a bool mask or causality
            if (me.defined() && me.dtype() == ScalarType::Bool) off = logical_not(reshape(me, {Bt, L, S}));
            if (is_causal) {
              Tensor c = empty({L, S}, ScalarType::Bool);
              for (int64_t i = 0; i < L; ++i)
                for (int64_t j = 0; j < S; ++j) c.data_ptr<bool>()[i * S + j] = j > i;
              off = off.defined() ? logical_or(off, c) : c;
            }
            if (off.defined()) sc = masked_fill(sc, off, Scalar(-std::numeric_limits<double>::infinity()));
            Tensor Pg = softmax(sc, 2);
            // rows with every key masked: zeros, as the forward
            Pg = where(isnan(Pg), zeros_like(Pg), Pg);
            Tensor Pd = dropout ? mul(mul(Pg, dm), wrapped_scalar(Scalar(keep))) : Pg;
            if (n.needs_input_grad(2)) r[2] = bmm(transpose(Pd, 1, 2), dO);
            Tensor dP = bmm(dO, transpose(v3, 1, 2));
            if (dropout) dP = mul(mul(dP, dm), wrapped_scalar(Scalar(keep)));
            Tensor dS = mul(Pg, sub(dP, sum(mul(dP, Pg), std::vector<int64_t>{2}, true)));
            if (n.needs_input_grad(0)) r[0] = mul(bmm(dS, k3), wrapped_scalar(Scalar(scale)));
            if (n.needs_input_grad(1)) r[1] = mul(bmm(transpose(dS, 1, 2), q3), wrapped_scalar(Scalar(scale)));
            if (mask_grad && n.needs_input_grad(3)) r[3] = reshape(dS, me.sizes());
            return r;
          }
          Tensor dOc = contiguous(dO);
          Tensor q = contiguous(q3.detach()), k = contiguous(k3.detach()), v = contiguous(v3.detach());
          ScalarType dt = P.dtype();
          Tensor dq = empty({Bt, L, E}, dt), dk = empty({Bt, S, E}, dt), dv = empty({Bt, S, Ev}, dt);
          Tensor dS = empty({Bt, L, S}, dt);
          PYT_DISPATCH_FLOATING(dt, "scaled_dot_product_attention_backward", [&] {
            using T = scalar_t;
            const T *pq = q.data_ptr<T>(), *pk = k.data_ptr<T>(), *pv = v.data_ptr<T>(), *pP = P.data_ptr<T>(),
                    *pdo = dOc.data_ptr<T>();
            const T* pdm = dropout ? dm.data_ptr<T>() : nullptr;
            T *pdq = dq.data_ptr<T>(), *pdk = dk.data_ptr<T>(), *pdv = dv.data_ptr<T>(), *pds = dS.data_ptr<T>();
            T kp = static_cast<T>(keep);
            for_each_batch(Bt, [&](int64_t b) {
              const T* Pb = pP + b * L * S;
              T* ds = pds + b * L * S;
              const T* w = Pb;
              std::vector<T> tmp;
              if (pdm) {
                tmp.resize(static_cast<size_t>(L * S));
                for (int64_t i = 0; i < L * S; ++i) tmp[i] = Pb[i] * pdm[b * L * S + i] * kp;
                w = tmp.data();
              }
              if (S * Ev > 0) {
                if (L > 0)
                  cpu::gemm(true, false, S, Ev, L, T(1), w, S, pdo + b * L * Ev, Ev, T(0), pdv + b * S * Ev, Ev);
                else
                  std::fill(pdv + b * S * Ev, pdv + (b + 1) * S * Ev, T(0));
              }
              if (L * S > 0) {
                if (Ev > 0)
                  cpu::gemm(false, true, L, S, Ev, T(1), pdo + b * L * Ev, Ev, pv + b * S * Ev, Ev, T(0), ds, S);
                else
                  std::fill(ds, ds + L * S, T(0));
              }
              for (int64_t i = 0; i < L; ++i) {
                T* row = ds + i * S;
                const T* pr = Pb + i * S;
                if (pdm) {
                  const T* mr = pdm + b * L * S + i * S;
                  for (int64_t j = 0; j < S; ++j) row[j] *= mr[j] * kp;
                }
                T dot = 0;
                for (int64_t j = 0; j < S; ++j) dot += row[j] * pr[j];
                for (int64_t j = 0; j < S; ++j) row[j] = pr[j] * (row[j] - dot);
              }
              if (L * E > 0) {
                if (S > 0)
                  cpu::gemm(false, false, L, E, S, static_cast<T>(scale), ds, S, pk + b * S * E, E, T(0),
                            pdq + b * L * E, E);
                else
                  std::fill(pdq + b * L * E, pdq + (b + 1) * L * E, T(0));
              }
              if (S * E > 0) {
                if (L > 0)
                  cpu::gemm(true, false, S, E, L, static_cast<T>(scale), ds, S, pq + b * L * E, E, T(0),
                            pdk + b * S * E, E);
                else
                  std::fill(pdk + b * S * E, pdk + (b + 1) * S * E, T(0));
              }
            });
          });
          r[0] = dq;
          r[1] = dk;
          r[2] = dv;
          if (mask_grad && n.needs_input_grad(3)) r[3] = reshape(dS, me.sizes());
          return r;
        });
    node->save(q3);
    node->save(k3);
    node->save(v3);
    node->save(P);
    node->save(dm);
    node->save(me);
    set_history(out, node);
  }
  return out;
}

}  // namespace pyt
