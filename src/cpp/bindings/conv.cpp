// Bindings of the ops declared in pyt/ops/conv.h, in pyt._C._nn (wrapped with torch's
// signatures by python/pyt/nn/_functional_conv.py).
#include "common.h"

namespace pyt::python {

namespace {
using GIL = py::gil_scoped_release;

Tensor opt_tensor(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }
std::vector<int64_t> ints(py::handle h, const char* op) {
  return h.is_none() ? std::vector<int64_t>{} : to_int_list(h, op);
}
}  // namespace

void init_conv(py::module_& m) {
  py::module_ nn = m.attr("_nn").cast<py::module_>();

  nn.def("convolution", [](const Tensor& x, const Tensor& w, py::object b, py::handle stride, py::handle padding,
                           py::handle dilation, bool transposed, py::handle output_padding, int64_t groups) {
    Tensor bias = opt_tensor(b);
    auto s = ints(stride, "convolution"), p = ints(padding, "convolution"), d = ints(dilation, "convolution"),
         op = ints(output_padding, "convolution");
    GIL g;
    return convolution(x, w, bias, s, p, d, transposed, op, groups);
  }, py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("stride"), py::arg("padding"),
     py::arg("dilation"), py::arg("transposed"), py::arg("output_padding"), py::arg("groups"),
     "General convolution (torch.convolution); see pyt.nn.functional.conv2d.");
#define PYT_CONV(NAME)                                                                                     \
  nn.def(#NAME, [](const Tensor& x, const Tensor& w, py::object b, py::handle stride, py::handle padding,  \
                   py::handle dilation, int64_t groups) {                                                  \
    Tensor bias = opt_tensor(b);                                                                           \
    auto s = ints(stride, #NAME), p = ints(padding, #NAME), d = ints(dilation, #NAME);                     \
    GIL g;                                                                                                 \
    return NAME(x, w, bias, s, p, d, groups);                                                              \
  }, py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("stride"), py::arg("padding"),          \
     py::arg("dilation"), py::arg("groups"), "See pyt.nn.functional." #NAME ".");
  PYT_CONV(conv1d)
  PYT_CONV(conv3d)
#undef PYT_CONV
#define PYT_CONVT(NAME)                                                                                    \
  nn.def(#NAME, [](const Tensor& x, const Tensor& w, py::object b, py::handle stride, py::handle padding,  \
                   py::handle output_padding, int64_t groups, py::handle dilation) {                       \
    Tensor bias = opt_tensor(b);                                                                           \
    auto s = ints(stride, #NAME), p = ints(padding, #NAME), op = ints(output_padding, #NAME),              \
         d = ints(dilation, #NAME);                                                                        \
    GIL g;                                                                                                 \
    return NAME(x, w, bias, s, p, op, groups, d);                                                          \
  }, py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("stride"), py::arg("padding"),          \
     py::arg("output_padding"), py::arg("groups"), py::arg("dilation"), "See pyt.nn.functional." #NAME ".");
  PYT_CONVT(conv_transpose1d)
  PYT_CONVT(conv_transpose2d)
  PYT_CONVT(conv_transpose3d)
#undef PYT_CONVT

  nn.def("max_pool1d_with_indices", [](const Tensor& x, py::handle k, py::handle s, py::handle p, py::handle d,
                                       bool ceil_mode) {
    auto kk = ints(k, "max_pool1d"), ss = ints(s, "max_pool1d"), pp = ints(p, "max_pool1d"),
         dd = ints(d, "max_pool1d");
    GIL g;
    return max_pool1d_with_indices(x, kk, ss, pp, dd, ceil_mode);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("dilation"),
     py::arg("ceil_mode"), "See pyt.nn.functional.max_pool1d.");
  nn.def("max_pool1d", [](const Tensor& x, py::handle k, py::handle s, py::handle p, py::handle d, bool ceil_mode) {
    auto kk = ints(k, "max_pool1d"), ss = ints(s, "max_pool1d"), pp = ints(p, "max_pool1d"),
         dd = ints(d, "max_pool1d");
    GIL g;
    return max_pool1d(x, kk, ss, pp, dd, ceil_mode);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("dilation"),
     py::arg("ceil_mode"), "See pyt.nn.functional.max_pool1d.");
  nn.def("avg_pool1d", [](const Tensor& x, py::handle k, py::handle s, py::handle p, bool ceil_mode, bool cip) {
    auto kk = ints(k, "avg_pool1d"), ss = ints(s, "avg_pool1d"), pp = ints(p, "avg_pool1d");
    GIL g;
    return avg_pool1d(x, kk, ss, pp, ceil_mode, cip);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("ceil_mode"),
     py::arg("count_include_pad"), "See pyt.nn.functional.avg_pool1d.");
  nn.def("avg_pool2d", [](const Tensor& x, py::handle k, py::handle s, py::handle p, bool ceil_mode, bool cip,
                          std::optional<int64_t> div) {
    auto kk = ints(k, "avg_pool2d"), ss = ints(s, "avg_pool2d"), pp = ints(p, "avg_pool2d");
    GIL g;
    return avg_pool2d(x, kk, ss, pp, ceil_mode, cip, div);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("ceil_mode"),
     py::arg("count_include_pad"), py::arg("divisor_override"), "See pyt.nn.functional.avg_pool2d.");
  nn.def("adaptive_avg_pool1d", [](const Tensor& x, py::handle o) {
    auto oo = ints(o, "adaptive_avg_pool1d");
    GIL g;
    return adaptive_avg_pool1d(x, oo);
  }, py::arg("input"), py::arg("output_size"), "See pyt.nn.functional.adaptive_avg_pool1d.");
  nn.def("adaptive_avg_pool2d", [](const Tensor& x, py::handle o) {
    auto oo = ints(o, "adaptive_avg_pool2d");
    GIL g;
    return adaptive_avg_pool2d(x, oo);
  }, py::arg("input"), py::arg("output_size"), "See pyt.nn.functional.adaptive_avg_pool2d.");
  nn.def("adaptive_max_pool2d", [](const Tensor& x, py::handle o) {
    auto oo = ints(o, "adaptive_max_pool2d");
    GIL g;
    return adaptive_max_pool2d(x, oo);
  }, py::arg("input"), py::arg("output_size"), "See pyt.nn.functional.adaptive_max_pool2d.");
  nn.def("pad", [](const Tensor& x, py::handle p, const std::string& mode, double value) {
    auto pp = ints(p, "pad");
    GIL g;
    return pad(x, pp, mode, value);
  }, py::arg("input"), py::arg("pad"), py::arg("mode") = "constant", py::arg("value") = 0.0,
     "See pyt.nn.functional.pad.");
  nn.def("interpolate", [](const Tensor& x, py::handle size, std::vector<double> scales, const std::string& mode,
                           bool align_corners) {
    auto ss = ints(size, "interpolate");
    GIL g;
    return interpolate(x, ss, scales, mode, align_corners);
  }, py::arg("input"), py::arg("output_size"), py::arg("scales"), py::arg("mode"), py::arg("align_corners"),
     "See pyt.nn.functional.interpolate.");
  nn.def("pixel_shuffle", [](const Tensor& x, int64_t r) {
    GIL g;
    return pixel_shuffle(x, r);
  }, py::arg("input"), py::arg("upscale_factor"), "See pyt.nn.functional.pixel_shuffle.");
  nn.def("pixel_unshuffle", [](const Tensor& x, int64_t r) {
    GIL g;
    return pixel_unshuffle(x, r);
  }, py::arg("input"), py::arg("downscale_factor"), "See pyt.nn.functional.pixel_unshuffle.");
  nn.def("im2col", [](const Tensor& x, py::handle k, py::handle d, py::handle p, py::handle s) {
    auto kk = ints(k, "unfold"), dd = ints(d, "unfold"), pp = ints(p, "unfold"), ss = ints(s, "unfold");
    GIL g;
    return im2col(x, kk, dd, pp, ss);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("dilation"), py::arg("padding"), py::arg("stride"),
     "See pyt.nn.functional.unfold.");
  nn.def("col2im", [](const Tensor& x, py::handle o, py::handle k, py::handle d, py::handle p, py::handle s) {
    auto oo = ints(o, "fold"), kk = ints(k, "fold"), dd = ints(d, "fold"), pp = ints(p, "fold"),
         ss = ints(s, "fold");
    GIL g;
    return col2im(x, oo, kk, dd, pp, ss);
  }, py::arg("input"), py::arg("output_size"), py::arg("kernel_size"), py::arg("dilation"), py::arg("padding"),
     py::arg("stride"), "See pyt.nn.functional.fold.");
}

}  // namespace pyt::python
