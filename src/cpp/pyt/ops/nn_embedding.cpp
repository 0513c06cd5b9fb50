// Embeddings of the nn_norm family (ops/nn_norm.h): a row gather with a fused,
// deterministic backward (rows accumulated in index order, threads split the columns), and
// the in-place max_norm renormalisation. Semantics: torch's aten/src/ATen/native/Embedding.cpp.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::BackwardNode;

namespace {

// The indices as a contiguous int64 vector, checked against [0, V).
std::vector<int64_t> checked_indices(const Tensor& indices, int64_t V, const char* op) {
  PYT_CHECK(indices.dtype() == ScalarType::Int64 || indices.dtype() == ScalarType::Int32, RuntimeError, op,
            ": Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but "
            "got ", indices.describe(), " instead");
  Tensor ic = to_dtype(contiguous(indices.detach()), ScalarType::Int64);
  const int64_t* p = ic.data_ptr<int64_t>();
  std::vector<int64_t> out(p, p + ic.numel());
  for (size_t i = 0; i < out.size(); ++i)
    PYT_CHECK(out[i] >= 0 && out[i] < V, IndexError, op, ": index out of range in self (index ", out[i],
              " at position ", i, ", weight has ", V, " rows)");
  return out;
}

// gw (V, D) = sum over i of g[i] * scale(idx[i]) into row idx[i], skipping padding_idx.
// Threads take disjoint column ranges and each walks the indices in order: deterministic.
template <typename T>
void embedding_grad_kernel(const T* g, const std::vector<int64_t>& idx, T* gw, int64_t V, int64_t D, int64_t pad,
                           bool scale_by_freq) {
  std::vector<int64_t> counts;
  if (scale_by_freq) {
    counts.assign(V, 0);
    for (int64_t i : idx) ++counts[i];
  }
  const int64_t n = static_cast<int64_t>(idx.size());
  parallel_for(0, D, std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, n)), [&](int64_t d0, int64_t d1) {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t r = idx[i];
      if (r == pad) continue;
      const T* gr = g + i * D;
      T* wr = gw + r * D;
      if (scale_by_freq) {
        const T s = T(1) / static_cast<T>(counts[r]);
        for (int64_t d = d0; d < d1; ++d) wr[d] += gr[d] * s;
      } else {
        for (int64_t d = d0; d < d1; ++d) wr[d] += gr[d];
      }
    }
  });
}

}  // namespace

Tensor embedding(const Tensor& weight, const Tensor& indices, std::optional<int64_t> padding_idx,
                 bool scale_grad_by_freq) {
  const char* op = "embedding";
  if (is_half_float(weight.dtype()) && autograd::any_requires_grad({&weight}))
    // float16 / bfloat16 weights that need a gradient: accumulated in float32, rounded once
    return run_in_float32({weight, indices}, weight.dtype(), [&](const TensorList& a) {
      return TensorList{embedding(a[0], a[1], padding_idx, scale_grad_by_freq)};
    })[0];
  PYT_CHECK(weight.dim() == 2, RuntimeError, op, ": 'weight' must be 2-D (num_embeddings, embedding_dim), got ",
            weight.describe());
  const int64_t V = weight.sizes()[0], D = weight.sizes()[1];
  std::vector<int64_t> idx = checked_indices(indices, V, op);
  const int64_t pad = padding_idx ? (*padding_idx < 0 ? *padding_idx + V : *padding_idx) : -1;
  std::vector<int64_t> out_sizes = indices.sizes();
  out_sizes.push_back(D);
  Tensor wc = contiguous(weight.detach());
  Tensor out = empty(out_sizes, weight.dtype());
  const int64_t n = static_cast<int64_t>(idx.size());
  if (n > 0 && D > 0) {
    const size_t row_bytes = static_cast<size_t>(D) * weight.element_size();
    const char* src = static_cast<const char*>(wc.data_ptr());
    char* dst = static_cast<char*>(out.data_ptr());
    parallel_for(0, n, std::max<int64_t>(1, kGrainSize / D), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) std::memcpy(dst + i * row_bytes, src + idx[i] * row_bytes, row_bytes);
    });
  }
  if (autograd::any_requires_grad({&weight})) {
    Tensor index_t = empty({n}, ScalarType::Int64);
    std::copy(idx.begin(), idx.end(), index_t.data_ptr<int64_t>());
    auto node = autograd::make_node(
        "EmbeddingBackward0", {weight}, [index_t, V, D, pad, scale_grad_by_freq](BackwardNode&, const TensorList& g) {
          const int64_t n = index_t.numel();
          if (autograd::GradMode::is_enabled()) {
            // Differentiable in g: index_add of the (masked, scaled) gradient rows.
            Tensor g2 = reshape(g[0], {n, D});
            const int64_t* p = index_t.data_ptr<int64_t>();
            Tensor coef = empty({n, 1}, g2.dtype());
            std::vector<int64_t> counts(V, 0);
            for (int64_t i = 0; i < n; ++i) ++counts[p[i]];
            PYT_DISPATCH_FLOATING(g2.dtype(), "embedding_backward", [&] {
              scalar_t* c = coef.data_ptr<scalar_t>();
              for (int64_t i = 0; i < n; ++i)
                c[i] = p[i] == pad ? scalar_t(0)
                                   : (scale_grad_by_freq ? scalar_t(1) / static_cast<scalar_t>(counts[p[i]])
                                                         : scalar_t(1));
            });
            return TensorList{index_add(zeros({V, D}, g2.dtype()), 0, index_t, mul(g2, coef))};
          }
          Tensor gc = contiguous(g[0]);
          Tensor gw = zeros({V, D}, gc.dtype());
          std::vector<int64_t> idx(index_t.data_ptr<int64_t>(), index_t.data_ptr<int64_t>() + n);
          PYT_DISPATCH_FLOATING(gc.dtype(), "embedding_backward", [&] {
            embedding_grad_kernel<scalar_t>(gc.data_ptr<scalar_t>(), idx, gw.data_ptr<scalar_t>(), V, D, pad,
                                            scale_grad_by_freq);
          });
          return TensorList{gw};
        });
    autograd::set_history(out, node);
  }
  return out;
}

Tensor& embedding_renorm_(Tensor& weight, const Tensor& indices, double max_norm, double norm_type) {
  const char* op = "embedding_renorm_";
  PYT_CHECK(weight.dim() == 2, RuntimeError, op, ": 'weight' must be 2-D, got ", weight.describe());
  const int64_t V = weight.sizes()[0], D = weight.sizes()[1];
  std::vector<int64_t> idx = checked_indices(indices, V, op);
  std::sort(idx.begin(), idx.end());
  idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
  autograd::NoGradGuard ng;
  Tensor w = weight.is_contiguous() ? weight : contiguous(weight);
  PYT_DISPATCH_FLOATING(weight.dtype(), op, [&] {
    scalar_t* p = w.data_ptr<scalar_t>();
    for (int64_t r : idx) {
      scalar_t* row = p + r * D;
      double norm = 0;
      if (norm_type == 1) {
        for (int64_t d = 0; d < D; ++d) norm += std::abs(static_cast<double>(row[d]));
      } else if (norm_type == 2) {
        for (int64_t d = 0; d < D; ++d) norm += static_cast<double>(row[d]) * row[d];
        norm = std::sqrt(norm);
      } else if (std::isinf(norm_type)) {
        for (int64_t d = 0; d < D; ++d) norm = std::max(norm, std::abs(static_cast<double>(row[d])));
      } else {
        for (int64_t d = 0; d < D; ++d) norm += std::pow(std::abs(static_cast<double>(row[d])), norm_type);
        norm = std::pow(norm, 1.0 / norm_type);
      }
      if (norm > max_norm) {
        const scalar_t scale = static_cast<scalar_t>(max_norm / (norm + 1e-7));
        for (int64_t d = 0; d < D; ++d) row[d] *= scale;
      }
    }
  });
  if (!w.is_same(weight)) detail::copy_data(weight, w);
  weight.bump_version(op);
  return weight;
}

}  // namespace pyt
