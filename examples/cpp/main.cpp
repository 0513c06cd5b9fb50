// A small C++ program on pyt's core: tensors, a few ops, one backward pass.
//
// It computes loss = sum(relu(x @ w + b)) for
//   x = [[-2, -1, 0],        w = 0.5 everywhere (3 x 2),   b = [0, 1]
//        [ 1,  2, 3]]
// so that x @ w + b = [[-1.5, -0.5], [3, 4]], relu keeps only the second row and
// loss = 7. By hand, with m = [[0, 0], [1, 1]] the relu mask:
//   d loss / d w = x^T m = [[1, 1], [2, 2], [3, 3]]
//   d loss / d b = sum of m over rows = [1, 1]
//   d loss / d x = m w^T = [[0, 0, 0], [1, 1, 1]]
// The program prints the tensors and exits with status 1 if a gradient differs.
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "pyt/pyt.h"

namespace {

// Prints a float32 tensor of up to 2 dims as nested rows.
void print(const std::string& name, const pyt::Tensor& t) {
  pyt::Tensor c = t.contiguous();
  const float* p = c.data_ptr<float>();
  std::printf("%s %s =", name.c_str(), t.shape_str().c_str());
  if (t.dim() == 0) {
    std::printf(" %g\n", p[0]);
    return;
  }
  int64_t rows = t.dim() == 2 ? t.size(0) : 1;
  int64_t cols = t.size(-1);
  std::printf(" [");
  for (int64_t i = 0; i < rows; ++i) {
    std::printf(t.dim() == 2 ? "%s[" : "%s", i ? ", " : "");
    for (int64_t j = 0; j < cols; ++j) std::printf("%s%g", j ? ", " : "", p[i * cols + j]);
    if (t.dim() == 2) std::printf("]");
  }
  std::printf("]\n");
}

// True when t (float32) equals the row-major values within tol; reports the first mismatch.
bool check(const std::string& name, const pyt::Tensor& t, const std::vector<float>& want,
           float tol = 1e-6f) {
  if (!t.defined()) {
    std::printf("FAIL %s: no gradient\n", name.c_str());
    return false;
  }
  if (t.numel() != static_cast<int64_t>(want.size())) {
    std::printf("FAIL %s: %lld elements, expected %zu\n", name.c_str(),
                static_cast<long long>(t.numel()), want.size());
    return false;
  }
  pyt::Tensor c = t.contiguous();
  const float* p = c.data_ptr<float>();
  for (size_t i = 0; i < want.size(); ++i) {
    if (!(std::fabs(p[i] - want[i]) <= tol)) {
      std::printf("FAIL %s: element %zu is %g, expected %g\n", name.c_str(), i, p[i], want[i]);
      return false;
    }
  }
  std::printf("ok   %s\n", name.c_str());
  return true;
}

}  // namespace

int main() {
  try {
    using pyt::ScalarType;
    // Inputs. x is computed without grad, so it is still a leaf we may mark.
    pyt::Tensor x = pyt::arange(0, 6, 1, ScalarType::Float32).reshape({2, 3}) - 2.0;
    pyt::Tensor w = pyt::full({3, 2}, 0.5, ScalarType::Float32);
    pyt::Tensor b = pyt::arange(0, 2, 1, ScalarType::Float32);
    x.set_requires_grad(true);
    w.set_requires_grad(true);
    b.set_requires_grad(true);

    // Forward: matmul, add (broadcasting b over rows), relu, sum.
    pyt::Tensor y = pyt::add(pyt::matmul(x, w), b);
    pyt::Tensor h = pyt::relu(y);
    pyt::Tensor loss = pyt::sum(h);
    print("x", x);
    print("w", w);
    print("x @ w + b", y);
    print("relu", h);
    print("loss", loss);

    // Backward.
    loss.backward();
    print("w.grad", w.grad());
    print("b.grad", b.grad());
    print("x.grad", x.grad());

    bool ok = true;
    ok &= check("loss", loss, {7.0f});
    ok &= check("w.grad", w.grad(), {1, 1, 2, 2, 3, 3});
    ok &= check("b.grad", b.grad(), {1, 1});
    ok &= check("x.grad", x.grad(), {0, 0, 0, 1, 1, 1});

    // Under NoGradGuard no graph is recorded.
    {
      pyt::autograd::NoGradGuard no_grad;
      pyt::Tensor z = pyt::matmul(x, w);
      if (z.requires_grad()) {
        std::printf("FAIL no_grad: the result requires grad\n");
        ok = false;
      } else {
        std::printf("ok   no_grad\n");
      }
    }

    std::printf("pyt %s, %d thread(s): %s\n", pyt::kVersion, pyt::get_num_threads(),
                ok ? "all checks passed" : "CHECKS FAILED");
    return ok ? 0 : 1;
  } catch (const pyt::Error& e) {
    std::fprintf(stderr, "pyt error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
