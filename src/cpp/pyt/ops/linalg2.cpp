// baddbmm, addbmm, addmv, addr (products plus a scaled input) and einsum (ops/linalg2.h).
// The products run on mm/bmm; each op records its own torch node, whose formula (torch's
// tools/autograd/derivatives.yaml) uses public ops only.
#include "pyt/ops/linalg2.h"

#include <algorithm>
#include <array>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

// x * s, skipping the multiply when s is 1.
Tensor scaled(const Tensor& x, const Scalar& s) {
  if (s.to_double() == 1.0 && !s.is_bool()) return x;
  return mul(x, wrapped_scalar(s));
}

// beta * self + alpha * prod, shaped like prod; beta == 0 ignores self (nan and inf too).
Tensor combine(const Tensor& self, const Tensor& prod, const Scalar& beta, const Scalar& alpha, const char* op) {
  broadcast_shapes(self.sizes(), prod.sizes(), op);
  Scalar b = beta, a = alpha;
  if (!is_floating_type(prod.dtype())) {
    // torch: addr rejects float multipliers of integer tensors; the matrix products truncate them.
    PYT_CHECK(std::string(op) != "addr" || (!beta.is_floating_point() && !alpha.is_floating_point()), RuntimeError,
              op, ": for integral input tensors, argument alpha and beta must not be a floating point number.");
    b = Scalar(static_cast<int64_t>(beta.to_double()));
    a = Scalar(static_cast<int64_t>(alpha.to_double()));
  }
  Tensor p = scaled(prod, a);
  Tensor r = b.to_double() == 0.0 ? p : add(scaled(self, b), p);
  if (r.sizes() != prod.sizes()) r = contiguous(expand(r, prod.sizes()));
  if (r.dtype() != prod.dtype()) r = to_dtype(r, prod.dtype());
  return r;
}

void check_same_dtype(const char* op, std::initializer_list<const Tensor*> ts) {
  const Tensor* first = *ts.begin();
  for (const Tensor* t : ts)
    PYT_CHECK(t->dtype() == first->dtype(), RuntimeError, op, ": expected all operands to have the same dtype, got ",
              first->describe(), " and ", t->describe());
}

// The gradient of self in beta * self + ...: grad * beta summed to self's shape.
Tensor self_grad(const Tensor& g, const std::vector<int64_t>& sizes, const Scalar& beta) {
  return sum_to_size(scaled(g, beta), sizes);
}

}  // namespace

Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
               const Scalar& alpha) {
  PYT_CHECK(batch1.dim() == 3 && batch2.dim() == 3, RuntimeError, "baddbmm: batch1 and batch2 must be 3-d, got ",
            batch1.describe(), " and ", batch2.describe());
  check_same_dtype("baddbmm", {&self, &batch1, &batch2});
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = combine(self.detach(), bmm(batch1.detach(), batch2.detach()), beta, alpha, "baddbmm");
  }
  if (any_requires_grad({&self, &batch1, &batch2})) {
    std::vector<int64_t> ss = self.sizes();
    auto node = make_node("BaddbmmBackward0", {self, batch1, batch2},
                          [ss, beta, alpha](BackwardNode& n, const TensorList& g) {
      TensorList r(3);
      if (n.needs_input_grad(0)) r[0] = self_grad(g[0], ss, beta);
      if (n.needs_input_grad(1)) r[1] = scaled(bmm(g[0], transpose(n.saved(1), 1, 2)), alpha);
      if (n.needs_input_grad(2)) r[2] = scaled(bmm(transpose(n.saved(0), 1, 2), g[0]), alpha);
      return r;
    });
    node->save(batch1);
    node->save(batch2);
    set_history(out, node);
  }
  return out;
}

Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
              const Scalar& alpha) {
  PYT_CHECK(batch1.dim() == 3 && batch2.dim() == 3, RuntimeError, "addbmm: batch1 and batch2 must be 3-d, got ",
            batch1.describe(), " and ", batch2.describe());
  PYT_CHECK(batch1.sizes()[0] == batch2.sizes()[0] && batch1.sizes()[2] == batch2.sizes()[1], RuntimeError,
            "addbmm: batch1 ", batch1.shape_str(), " and batch2 ", batch2.shape_str(),
            " cannot be multiplied batch by batch");
  check_same_dtype("addbmm", {&self, &batch1, &batch2});
  const int64_t b = batch1.sizes()[0], n = batch1.sizes()[1], k = batch1.sizes()[2], p = batch2.sizes()[2];
  Tensor out;
  {
    autograd::NoGradGuard ng;
    // sum_b batch1[b] @ batch2[b] is one GEMM over the concatenated inner dims.
    Tensor a = reshape(permute(batch1.detach(), {1, 0, 2}), {n, b * k});
    Tensor c = reshape(batch2.detach(), {b * k, p});
    out = combine(self.detach(), mm(a, c), beta, alpha, "addbmm");
  }
  if (any_requires_grad({&self, &batch1, &batch2})) {
    std::vector<int64_t> ss = self.sizes();
    auto node = make_node("AddbmmBackward0", {self, batch1, batch2},
                          [ss, beta, alpha, b](BackwardNode& nd, const TensorList& g) {
      TensorList r(3);
      Tensor ge = expand(unsqueeze(g[0], 0), {b, g[0].sizes()[0], g[0].sizes()[1]});
      if (nd.needs_input_grad(0)) r[0] = self_grad(g[0], ss, beta);
      if (nd.needs_input_grad(1)) r[1] = scaled(bmm(ge, transpose(nd.saved(1), 1, 2)), alpha);
      if (nd.needs_input_grad(2)) r[2] = scaled(bmm(transpose(nd.saved(0), 1, 2), ge), alpha);
      return r;
    });
    node->save(batch1);
    node->save(batch2);
    set_history(out, node);
  }
  return out;
}

Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha) {
  PYT_CHECK(mat.dim() == 2 && vec.dim() == 1, RuntimeError, "addmv: expected a matrix and a vector, got ",
            mat.describe(), " and ", vec.describe());
  check_same_dtype("addmv", {&self, &mat, &vec});
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = combine(self.detach(), mv(mat.detach(), vec.detach()), beta, alpha, "addmv");
  }
  if (any_requires_grad({&self, &mat, &vec})) {
    std::vector<int64_t> ss = self.sizes();
    auto node = make_node("AddmvBackward0", {self, mat, vec}, [ss, beta, alpha](BackwardNode& n, const TensorList& g) {
      TensorList r(3);
      if (n.needs_input_grad(0)) r[0] = self_grad(g[0], ss, beta);
      if (n.needs_input_grad(1)) r[1] = scaled(outer(g[0], n.saved(1)), alpha);
      if (n.needs_input_grad(2)) r[2] = scaled(mv(t(n.saved(0)), g[0]), alpha);
      return r;
    });
    node->save(mat);
    node->save(vec);
    set_history(out, node);
  }
  return out;
}

Tensor addr(const Tensor& self, const Tensor& vec1, const Tensor& vec2, const Scalar& beta, const Scalar& alpha) {
  PYT_CHECK(vec1.dim() == 1 && vec2.dim() == 1, RuntimeError, "addr: expected 1-D vectors, got ", vec1.describe(),
            " and ", vec2.describe());
  // Unlike the matrix products, addr promotes its operands (torch's addr is elementwise).
  ScalarType dt = result_type({self, vec1, vec2});
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = combine(to_dtype(self.detach(), dt), outer(to_dtype(vec1.detach(), dt), to_dtype(vec2.detach(), dt)), beta,
                  alpha, "addr");
  }
  if (any_requires_grad({&self, &vec1, &vec2})) {
    std::vector<int64_t> ss = self.sizes();
    std::array<ScalarType, 3> dts{self.dtype(), vec1.dtype(), vec2.dtype()};
    auto node = make_node("AddrBackward0", {self, vec1, vec2},
                          [ss, beta, alpha, dts](BackwardNode& n, const TensorList& g) {
      TensorList r(3);
      ScalarType gd = g[0].dtype();
      if (n.needs_input_grad(0)) r[0] = to_dtype(self_grad(g[0], ss, beta), dts[0]);
      if (n.needs_input_grad(1)) r[1] = to_dtype(scaled(mv(g[0], to_dtype(n.saved(1), gd)), alpha), dts[1]);
      if (n.needs_input_grad(2)) r[2] = to_dtype(scaled(mv(t(g[0]), to_dtype(n.saved(0), gd)), alpha), dts[2]);
      return r;
    });
    node->save(vec1);
    node->save(vec2);
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------------------------ einsum ---
// Note [einsum lowering]: labels get ids (A-Z, a-z: 0..51; the dims of "..." 52, 53, ...).
// Each operand takes the diagonal of repeated labels, then is permuted and unsqueezed into
// one layout: the output's ids first (in output order), then the contracted ids. Operands
// are combined left to right; a contracted id is summed as soon as no later operand has it,
// inside a bmm when both sides have it (torch's sumproduct_pair). The result's layout dims
// past the output are all 1 and a final reshape drops them.

namespace {

constexpr int kEll = 52;  // id of the first "..." dim

int label_id(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' : 26 + (c - 'a'); }
bool is_label(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Parses one side's subscripts into ids with -1 for "..."; throws on a bad character.
std::vector<int> parse_subscripts(const std::string& s, size_t pos0) {
  std::vector<int> out;
  bool ell = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      PYT_CHECK(!ell && i + 2 < s.size() + 0 + 2 && s.compare(i, 3, "...") == 0, RuntimeError,
                "einsum(): found '.' for operand at position ", pos0 + i,
                " that is not part of any ellipsis (...) or more than one ellipsis in a subscript");
      ell = true;
      out.push_back(-1);
      i += 2;
    } else {
      PYT_CHECK(is_label(c), RuntimeError, "einsum(): invalid subscript given at index ", pos0 + i,
                " in the equation string, subscripts must be in [a-zA-Z]");
      out.push_back(label_id(c));
    }
  }
  return out;
}

char id_char(int id) { return id < 26 ? static_cast<char>('A' + id) : static_cast<char>('a' + id - 26); }

// (left * right) summed over sum_dims, all operands in the common layout of L dims; summed
// dims stay as size 1.
Tensor sumproduct_pair(const Tensor& left, const Tensor& right, const std::vector<int64_t>& sum_dims) {
  const int64_t L = left.dim();
  std::vector<int64_t> lro, lo, ro, sum, none;
  int64_t lro_size = 1, lo_size = 1, ro_size = 1, sum_size = 1;
  for (int64_t d = 0; d < L; ++d) {
    bool is_sum = std::find(sum_dims.begin(), sum_dims.end(), d) != sum_dims.end();
    int64_t ls = left.sizes()[d], rs = right.sizes()[d];
    if (is_sum) {
      sum.push_back(d);
      sum_size *= ls;
    } else if (ls != 1 && rs != 1) {
      lro.push_back(d);
      lro_size *= ls;
    } else if (ls != 1) {
      lo.push_back(d);
      lo_size *= ls;
    } else if (rs != 1) {
      ro.push_back(d);
      ro_size *= rs;
    } else {
      none.push_back(d);
    }
  }
  std::vector<int64_t> lperm = lro, rperm = lro;
  lperm.insert(lperm.end(), lo.begin(), lo.end());
  lperm.insert(lperm.end(), sum.begin(), sum.end());
  lperm.insert(lperm.end(), ro.begin(), ro.end());
  lperm.insert(lperm.end(), none.begin(), none.end());
  rperm.insert(rperm.end(), sum.begin(), sum.end());
  rperm.insert(rperm.end(), ro.begin(), ro.end());
  rperm.insert(rperm.end(), lo.begin(), lo.end());
  rperm.insert(rperm.end(), none.begin(), none.end());
  Tensor l3 = reshape(permute(left, lperm), {lro_size, lo_size, sum_size});
  Tensor r3 = reshape(permute(right, rperm), {lro_size, sum_size, ro_size});
  Tensor prod = bmm(l3, r3);
  // Back to the layout: (lro, lo, ro, sum -> 1, none) then the inverse permutation.
  std::vector<int64_t> osizes, order;
  for (auto* group : {&lro, &lo, &ro, &sum, &none})
    for (int64_t d : *group) {
      order.push_back(d);
      osizes.push_back(group == &sum || group == &none ? 1 : group == &ro ? right.sizes()[d] : left.sizes()[d]);
    }
  Tensor r = reshape(prod, osizes);
  std::vector<int64_t> inv(L);
  bool identity = true;
  for (int64_t i = 0; i < L; ++i) {
    inv[order[i]] = i;
    identity = identity && order[i] == i;
  }
  return identity ? r : permute(r, inv);
}

}  // namespace

Tensor einsum(const std::string& equation_in, const TensorList& operands) {
  std::string eq;
  for (char c : equation_in)
    if (c != ' ') eq += c;
  const size_t arrow = eq.find("->");
  const std::string lhs = eq.substr(0, arrow);
  const int64_t nops = static_cast<int64_t>(operands.size());
  PYT_CHECK(nops > 0, RuntimeError, "einsum(): must provide at least one operand");
  std::vector<std::vector<int>> subs;
  size_t start = 0;
  while (true) {
    size_t comma = lhs.find(',', start);
    std::string part = lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    subs.push_back(parse_subscripts(part, start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  PYT_CHECK(static_cast<int64_t>(subs.size()) <= nops, RuntimeError,
            "einsum(): fewer operands were provided than specified in the equation");
  PYT_CHECK(static_cast<int64_t>(subs.size()) >= nops, RuntimeError,
            "einsum(): more operands were provided than specified in the equation");
  // Ellipsis dims per operand and overall.
  int64_t ell = 0;
  std::vector<int64_t> ell_of(nops, 0);
  std::array<int, 52> count{};
  for (int64_t i = 0; i < nops; ++i) {
    const Tensor& op = operands[i];
    int64_t letters = 0;
    bool has = false;
    for (int id : subs[i]) {
      if (id < 0) has = true;
      else {
        letters++;
        count[id]++;
      }
    }
    if (has) {
      PYT_CHECK(op.dim() >= letters, RuntimeError, "einsum(): the number of subscripts in the equation (", letters,
                ") is more than the number of dimensions (", op.dim(), ") for operand ", i);
      ell_of[i] = op.dim() - letters;
      ell = std::max(ell, ell_of[i]);
    } else {
      PYT_CHECK(op.dim() == letters, RuntimeError, "einsum(): the number of subscripts in the equation (", letters,
                ") does not match the number of dimensions (", op.dim(), ") for operand ", i,
                " and no ellipsis was given");
    }
  }
  // Output ids.
  std::vector<int> out_ids;
  if (arrow != std::string::npos) {
    std::vector<int> o = parse_subscripts(eq.substr(arrow + 2), arrow + 2);
    std::array<bool, 52> seen{};
    for (int id : o) {
      if (id < 0) {
        for (int64_t e = 0; e < ell; ++e) out_ids.push_back(kEll + static_cast<int>(e));
        continue;
      }
      PYT_CHECK(!seen[id], RuntimeError, "einsum(): output subscript ", id_char(id),
                " appears more than once in the output");
      PYT_CHECK(count[id] > 0, RuntimeError, "einsum(): output subscript ", id_char(id),
                " does not appear in the equation for any input operand");
      seen[id] = true;
      out_ids.push_back(id);
    }
  } else {
    for (int64_t e = 0; e < ell; ++e) out_ids.push_back(kEll + static_cast<int>(e));
    for (int id = 0; id < 52; ++id)
      if (count[id] == 1) out_ids.push_back(id);
  }
  // Layout: output ids, then every other id in use.
  std::vector<int> layout = out_ids;
  for (int64_t e = 0; e < ell; ++e)
    if (std::find(layout.begin(), layout.end(), kEll + e) == layout.end()) layout.push_back(kEll + static_cast<int>(e));
  for (int id = 0; id < 52; ++id)
    if (count[id] > 0 && std::find(layout.begin(), layout.end(), id) == layout.end()) layout.push_back(id);
  const int64_t L = static_cast<int64_t>(layout.size());
  const int64_t out_size = static_cast<int64_t>(out_ids.size());
  auto pos_of = [&](int id) { return std::find(layout.begin(), layout.end(), id) - layout.begin(); };
  // Each operand into the layout; sizes checked to broadcast.
  std::vector<int64_t> size_of(L, 1);
  std::vector<int64_t> last(L, -1);
  TensorList ops;
  for (int64_t i = 0; i < nops; ++i) {
    Tensor op = operands[i];
    std::vector<int> ids;  // id of each dim of op
    for (int id : subs[i]) {
      if (id < 0)
        for (int64_t e = 0; e < ell_of[i]; ++e) ids.push_back(kEll + static_cast<int>(ell - ell_of[i] + e));
      else
        ids.push_back(id);
    }
    // Repeated labels: their diagonal.
    for (size_t a = 0; a < ids.size(); ++a)
      for (size_t b = a + 1; b < ids.size(); ++b)
        if (ids[a] == ids[b]) {
          PYT_CHECK(op.sizes()[a] == op.sizes()[b], RuntimeError, "einsum(): subscript ", id_char(ids[a]),
                    " is repeated for operand ", i, " but the sizes don't match, ", op.sizes()[b], " != ",
                    op.sizes()[a]);
          op = diagonal(op, 0, static_cast<int64_t>(a), static_cast<int64_t>(b));
          int id = ids[a];
          ids.erase(ids.begin() + b);
          ids.erase(ids.begin() + a);
          ids.push_back(id);
          a = static_cast<size_t>(-1);
          break;
        }
    // Permute into layout order and insert size-1 dims for the ids it lacks.
    std::vector<std::pair<int64_t, int64_t>> by_pos;  // (layout position, dim of op)
    for (size_t d = 0; d < ids.size(); ++d) by_pos.push_back({pos_of(ids[d]), static_cast<int64_t>(d)});
    std::sort(by_pos.begin(), by_pos.end());
    std::vector<int64_t> perm;
    bool identity = true;
    for (size_t j = 0; j < by_pos.size(); ++j) {
      perm.push_back(by_pos[j].second);
      identity = identity && by_pos[j].second == static_cast<int64_t>(j);
    }
    if (!identity) op = permute(op, perm);
    std::vector<int64_t> sizes(L, 1);
    for (size_t j = 0; j < by_pos.size(); ++j) {
      int64_t p = by_pos[j].first, s = op.sizes()[j];
      sizes[p] = s;
      if (ids[by_pos[j].second] < kEll) last[p] = i;
      else if (s != 1) last[p] = i;
      if (s != 1) {
        PYT_CHECK(size_of[p] == 1 || size_of[p] == s, RuntimeError, "einsum(): ",
                  layout[p] < kEll ? str("subscript ", id_char(layout[p])) : std::string("the ellipsis (...)"),
                  " has size ", s, " for operand ", i, " which does not broadcast with previously seen size ",
                  size_of[p]);
        size_of[p] = s;
      }
    }
    if (static_cast<int64_t>(by_pos.size()) != L || !identity) op = reshape(op, sizes);
    ops.push_back(op);
  }
  // Combine left to right, summing contracted dims once no later operand has them.
  Tensor result = ops[0];
  for (int64_t d = out_size; d < L; ++d)
    if (last[d] <= 0 && result.sizes()[d] != 1) result = sum(result, std::vector<int64_t>{d}, true);
  for (int64_t i = 1; i < nops; ++i) {
    Tensor op = ops[i];
    std::vector<int64_t> sum_dims;
    for (int64_t d = out_size; d < L; ++d) {
      if (last[d] != i) continue;
      if (result.sizes()[d] == 1) {
        if (op.sizes()[d] != 1) op = sum(op, std::vector<int64_t>{d}, true);
      } else if (op.sizes()[d] == 1) {
        result = sum(result, std::vector<int64_t>{d}, true);
      } else {
        sum_dims.push_back(d);
      }
    }
    result = sumproduct_pair(result, op, sum_dims);
  }
  std::vector<int64_t> out_sizes;
  for (int64_t d = 0; d < out_size; ++d) out_sizes.push_back(size_of[d]);
  if (result.sizes() != out_sizes) {
    // Output dims where every operand had size 1 but the layout broadcast them: expand.
    std::vector<int64_t> full(result.sizes());
    for (int64_t d = 0; d < out_size; ++d) full[d] = size_of[d];
    if (full != result.sizes()) result = expand(result, full);
    result = reshape(result, out_sizes);
  }
  return result;
}

}  // namespace pyt
