// Bindings of the recurrent / attention family (pyt/ops/rnn.h): torch.lstm_cell, gru_cell,
// rnn_tanh_cell, rnn_relu_cell; pyt._C._nn.rnn_layer and scaled_dot_product_attention
// (wrapped by pyt.nn.functional and the RNN modules).
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

Tensor opt(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }

Tensor tensor_arg(py::handle h, const char* op, const char* name) {
  PYT_CHECK(py::isinstance<Tensor>(h), TypeError, op, "(): argument '", name, "' must be Tensor, not ",
            std::string(py::str(py::type::of(h).attr("__name__"))));
  return h.cast<Tensor>();
}

}  // namespace

void init_rnn(py::module_& m) {
  m.def("lstm_cell", [](py::handle input, py::handle hx, py::handle w_ih, py::handle w_hh, py::handle b_ih,
                        py::handle b_hh) {
    const char* op = "lstm_cell";
    PYT_CHECK(py::isinstance<py::sequence>(hx) && !py::isinstance<Tensor>(hx) && py::len(hx) == 2, RuntimeError, op,
              ": expected hx to be a tuple or list of two tensors (h, c)");
    py::sequence hs = hx.cast<py::sequence>();
    Tensor x = tensor_arg(input, op, "input"), h = tensor_arg(hs[0], op, "hx[0]"), c = tensor_arg(hs[1], op, "hx[1]");
    Tensor wi = tensor_arg(w_ih, op, "w_ih"), wh = tensor_arg(w_hh, op, "w_hh"), bi = opt(b_ih), bh = opt(b_hh);
    GIL g;
    return lstm_cell(x, h, c, wi, wh, bi, bh);
  }, py::arg("input"), py::arg("hx"), py::arg("w_ih"), py::arg("w_hh"), py::arg("b_ih") = py::none(),
     py::arg("b_hh") = py::none(),
     "One LSTM step: returns (hy, cy) from input (B, I), hx = (h, c) each (B, H), w_ih (4H, I), w_hh (4H, H) "
     "(torch.lstm_cell).");
  auto cell = [&m](const char* name, Tensor (*fn)(const Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                                  const Tensor&, const Tensor&), const char* doc) {
    m.def(name, [name, fn](py::handle input, py::handle hx, py::handle w_ih, py::handle w_hh, py::handle b_ih,
                           py::handle b_hh) {
      Tensor x = tensor_arg(input, name, "input"), h = tensor_arg(hx, name, "hx");
      Tensor wi = tensor_arg(w_ih, name, "w_ih"), wh = tensor_arg(w_hh, name, "w_hh"), bi = opt(b_ih), bh = opt(b_hh);
      GIL g;
      return fn(x, h, wi, wh, bi, bh);
    }, py::arg("input"), py::arg("hx"), py::arg("w_ih"), py::arg("w_hh"), py::arg("b_ih") = py::none(),
       py::arg("b_hh") = py::none(), doc);
  };
  cell("gru_cell", &gru_cell, "One GRU step (torch.gru_cell): input (B, I), hx (B, H), w_ih (3H, I), w_hh (3H, H).");
  cell("rnn_tanh_cell", &rnn_tanh_cell, "One Elman step with tanh (torch.rnn_tanh_cell).");
  cell("rnn_relu_cell", &rnn_relu_cell, "One Elman step with relu (torch.rnn_relu_cell).");

  py::module_ nn = m.attr("_nn").cast<py::module_>();
  nn.def("rnn_layer", [](const std::string& mode, const Tensor& input, std::vector<int64_t> batch_sizes,
                         const Tensor& hx, py::handle cx, const Tensor& w_ih, const Tensor& w_hh, py::handle b_ih,
                         py::handle b_hh, bool reverse) {
    Tensor c = opt(cx), bi = opt(b_ih), bh = opt(b_hh);
    std::vector<Tensor> r;
    {
      GIL g;
      r = rnn_layer(mode, input, batch_sizes, hx, c, w_ih, w_hh, bi, bh, reverse);
    }
    py::list out;
    for (const Tensor& t : r) out.append(t.defined() ? py::cast(t) : py::none());
    return out;
  }, py::arg("mode"), py::arg("input"), py::arg("batch_sizes"), py::arg("hx"), py::arg("cx"), py::arg("w_ih"),
     py::arg("w_hh"), py::arg("b_ih"), py::arg("b_hh"), py::arg("reverse"),
     "One direction of one RNN layer over a packed sequence (N, I): [output (N, H), h_n, c_n or None].");
  nn.def("scaled_dot_product_attention", [](const Tensor& q, const Tensor& k, const Tensor& v, py::handle mask,
                                            double dropout_p, bool is_causal, std::optional<double> scale,
                                            bool enable_gqa, py::object gen) {
    Tensor msk = opt(mask);
    Generator* gp = to_generator(gen);
    GIL g;
    return scaled_dot_product_attention(q, k, v, msk, dropout_p, is_causal, scale, enable_gqa, gp);
  }, py::arg("query"), py::arg("key"), py::arg("value"), py::arg("attn_mask") = py::none(),
     py::arg("dropout_p") = 0.0, py::arg("is_causal") = false, py::arg("scale") = py::none(),
     py::arg("enable_gqa") = false, py::arg("generator") = py::none(),
     "softmax(q k^T * scale + mask) v with optional dropout (fused; see Note [Fused attention]).");
}

}  // namespace pyt::python
