"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` and the cells ``RNNCell``, ``LSTMCell``,
``GRUCell`` (torch/nn/modules/rnn.py).

Parameters, their names (``weight_ih_l0``, ``bias_hh_l1_reverse``, ``weight_hr_l0`` ...),
shapes, gate order (LSTM: i, f, g, o; GRU: r, z, n) and initialisation
(``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``) are torch's, so a torch state_dict loads
and gives the same outputs. Each layer and direction runs in C++ (``pyt._C._nn.rnn_layer``,
see Note [Fused recurrent layer]); an LSTM with ``proj_size`` steps through the fused
``lstm_cell`` from Python. Double backward (``create_graph=True``) works through both: their
backward then uses differentiable pyt ops (Note [Double backward of the recurrent kernels]).
"""

import math
import numbers
import warnings

import pyt
from pyt import _C
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]


def _packed_type():
    from pyt.nn.utils.rnn import PackedSequence

    return PackedSequence


def _check_size_arg(name, value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be greater than zero")


class RNNBase(Module):
    """Common base of ``RNN``, ``LSTM`` and ``GRU``: parameters, argument checks and the
    layer loop (torch.nn.RNNBase).

    Args:
        mode (str): ``'LSTM'``, ``'GRU'``, ``'RNN_TANH'`` or ``'RNN_RELU'``.
        input_size (int): features of the input ``x``.
        hidden_size (int): features of the hidden state ``h``.
        num_layers (int): stacked layers. Default 1.
        bias (bool): use ``bias_ih`` and ``bias_hh``. Default True.
        batch_first (bool): input and output are ``(N, L, H_in)`` instead of
            ``(L, N, H_in)``. Default False.
        dropout (float): dropout on the outputs of every layer but the last, in training.
        bidirectional (bool): run each layer in both directions. Default False.
        proj_size (int): LSTM only: project ``h`` to this size (0: no projection).
        device, dtype: where and of which floating dtype to create the parameters
            (float16 and bfloat16 layers compute in float32 and round their outputs once).

    Returns:
        RNNBase: see the subclasses for forward; a batch of 0 gives empty outputs and states.

    Raises:
        ValueError: bad ``dropout``, ``num_layers``, ``hidden_size``, ``proj_size`` or mode;
            in forward, an input whose dtype is not the parameters'.
        TypeError: ``hidden_size`` or ``num_layers`` not an int.
        RuntimeError: in forward, a sequence of length 0, or mismatched shapes.

    Source: ``torch.nn.RNNBase``.

    Example::

        >>> pyt.nn.GRU(4, 8, num_layers=2).weight_hh_l1.shape
        pyt.Size([24, 8])
    """

    def __init__(
        self,
        mode,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        proj_size=0,
        device=None,
        dtype=None,
    ):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout) if isinstance(dropout, numbers.Number) and not isinstance(dropout, bool) else dropout
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1
        if (
            not isinstance(dropout, numbers.Number)
            or isinstance(dropout, bool)
            or not 0 <= dropout <= 1
        ):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of an element being zeroed"
            )
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                f"num_layers greater than 1, but got dropout={dropout} and num_layers={num_layers}"
            )
        _check_size_arg("hidden_size", hidden_size)
        _check_size_arg("num_layers", num_layers)
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode == "LSTM":
            gate_size = 4 * hidden_size
        elif mode == "GRU":
            gate_size = 3 * hidden_size
        elif mode in ("RNN_TANH", "RNN_RELU"):
            gate_size = hidden_size
        else:
            raise ValueError("Unrecognized RNN mode: " + mode)
        factory = {"dtype": dtype if dtype is not None else pyt.get_default_dtype()}
        self._flat_weights_names = []
        self._all_weights = []
        real_hidden = proj_size if proj_size > 0 else hidden_size
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input_size = input_size if layer == 0 else real_hidden * num_directions
                params = [
                    Parameter(pyt.empty(gate_size, layer_input_size, **factory)),
                    Parameter(pyt.empty(gate_size, real_hidden, **factory)),
                ]
                if bias:
                    params += [Parameter(pyt.empty(gate_size, **factory)), Parameter(pyt.empty(gate_size, **factory))]
                if proj_size > 0:
                    params.append(Parameter(pyt.empty(proj_size, hidden_size, **factory)))
                suffix = "_reverse" if direction == 1 else ""
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if proj_size > 0:
                    names += ["weight_hr_l{}{}"]
                names = [n.format(layer, suffix) for n in names]
                for name, p in zip(names, params):
                    setattr(self, name, p)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        return [getattr(self, n) for n in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters of each layer and direction, as lists (torch.nn.RNNBase.all_weights).

        Returns:
            list of list of Parameter.

        Raises:
            Nothing.

        Source: ``torch.nn.RNNBase.all_weights``.

        Example::

            >>> len(pyt.nn.LSTM(2, 3, bidirectional=True).all_weights)
            2
        """
        return [[getattr(self, n) for n in names] for names in self._all_weights]

    def flatten_parameters(self):
        """Does nothing: pyt's layers read the parameters where they are (torch compatibility).

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.RNNBase.flatten_parameters``.

        Example::

            >>> pyt.nn.LSTM(2, 3).flatten_parameters()
        """
        return None

    def reset_parameters(self):
        """Draw every parameter from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``, as torch.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.RNNBase.reset_parameters``.

        Example::

            >>> pyt.nn.RNN(2, 4).reset_parameters()
        """
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        """The constructor arguments that differ from the defaults, as torch prints them.

        Returns:
            str.

        Raises:
            Nothing.

        Source: ``torch.nn.RNNBase.extra_repr``.

        Example::

            >>> pyt.nn.LSTM(2, 3, num_layers=2).extra_repr()
            '2, 3, num_layers=2'
        """
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)

    def __setstate__(self, state):
        super().__setstate__(state)

    # ------------------------------------------------------------------ forward helpers
    def _check_input(self, input, batch_sizes):
        w_dtype = self._flat_weights[0].dtype
        if input.dtype != w_dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({w_dtype}). "
                f"Convert input: input.to({w_dtype}), or convert model: model.to({input.dtype})"
            )
        expected = 2 if batch_sizes is not None else 3
        if input.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, got {input.size(-1)}"
            )

    def _expected_hidden_size(self, input, batch_sizes):
        mini_batch = int(batch_sizes[0]) if batch_sizes is not None else (
            input.size(0) if self.batch_first else input.size(1)
        )
        num_directions = 2 if self.bidirectional else 1
        h = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (self.num_layers * num_directions, mini_batch, h)

    @staticmethod
    def _check_hidden_size(hx, expected, msg="Expected hidden size {}, got {}"):
        if tuple(hx.shape) != tuple(expected):
            raise RuntimeError(msg.format(tuple(expected), list(hx.shape)))

    def _prepare(self, input, hx_parts):
        """Normalises input to packed rows. Returns (x (N, I), bs, sorted, unsorted, batch,
        is_packed, is_batched, T, hx_parts with the batch permuted and unbatched dims added)."""
        PackedSequence = _packed_type()
        name = type(self).__name__
        if isinstance(input, PackedSequence):
            data, batch_sizes, sorted_indices, unsorted_indices = input
            bs = [int(v) for v in batch_sizes.tolist()]
            self._check_input(data, bs)
            B = bs[0] if bs else 0
            if sorted_indices is not None:
                hx_parts = [h.index_select(1, sorted_indices) if h is not None else None for h in hx_parts]
            return data, bs, sorted_indices, unsorted_indices, B, True, True, len(bs), hx_parts
        if not isinstance(input, pyt.Tensor):
            raise TypeError(f"{name}: expected input to be a Tensor or PackedSequence, got {type(input).__name__}")
        if input.dim() not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D instead")
        is_batched = input.dim() == 3
        if not is_batched:
            for h in hx_parts:
                if h is not None and h.dim() != 2:
                    raise RuntimeError(
                        f"For unbatched 2-D input, hx should also be 2-D but got {h.dim()}-D tensor"
                    )
            input = input.unsqueeze(0 if self.batch_first else 1)
            hx_parts = [h.unsqueeze(1) if h is not None else None for h in hx_parts]
        else:
            for h in hx_parts:
                if h is not None and h.dim() != 3:
                    raise RuntimeError(
                        f"For batched 3-D input, hx should also be 3-D but got {h.dim()}-D tensor"
                    )
        self._check_input(input, None)
        if self.batch_first:
            input = input.transpose(0, 1)
        T, B = input.shape[0], input.shape[1]
        x = input.reshape(T * B, input.shape[2])
        return x, [B] * T, None, None, B, False, is_batched, T, hx_parts

    def _run(self, x, bs, h0, c0):
        """Runs all layers; returns (output rows (N, D*H_out), h_n, c_n or None)."""
        nd = 2 if self.bidirectional else 1
        hs, cs = [], []
        for layer in range(self.num_layers):
            outs = []
            for d in range(nd):
                k = layer * nd + d
                names = self._all_weights[k]
                w = [getattr(self, n) for n in names]
                w_ih, w_hh = w[0], w[1]
                b_ih, b_hh = (w[2], w[3]) if self.bias else (None, None)
                if self.proj_size > 0:
                    out, h, c = _lstm_proj_layer(x, bs, h0[k], c0[k], w_ih, w_hh, b_ih, b_hh, w[-1], d == 1)
                else:
                    out, h, c = _C._nn.rnn_layer(
                        self.mode, x, bs, h0[k], c0[k] if c0 is not None else None, w_ih, w_hh, b_ih, b_hh, d == 1
                    )
                outs.append(out)
                hs.append(h)
                cs.append(c)
            x = outs[0] if nd == 1 else pyt.cat(outs, 1)
            if self.dropout > 0 and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        h_n = pyt.stack(hs, 0)
        c_n = pyt.stack(cs, 0) if c0 is not None else None
        return x, h_n, c_n

    def _finish(self, out, bs, sorted_indices, unsorted_indices, is_packed, is_batched, T, B, states):
        PackedSequence = _packed_type()
        if is_packed:
            output = PackedSequence(out, pyt.tensor(bs, dtype=pyt.int64), sorted_indices, unsorted_indices)
        else:
            output = out.reshape(T, B, out.shape[-1])
            if self.batch_first:
                output = output.transpose(0, 1)
            if not is_batched:
                output = output.squeeze(0 if self.batch_first else 1)
        res = []
        for s in states:
            if unsorted_indices is not None:
                s = s.index_select(1, unsorted_indices)
            if not is_batched:
                s = s.squeeze(1)
            res.append(s)
        return output, res

    def _zeros_state(self, B, size, like):
        nd = 2 if self.bidirectional else 1
        return pyt.zeros(self.num_layers * nd, B, size, dtype=like.dtype)

    def _forward_impl(self, input, hx):
        lstm = self.mode == "LSTM"
        if lstm:
            if hx is not None and not (isinstance(hx, (tuple, list)) and len(hx) == 2):
                raise RuntimeError("LSTM: expected hx to be a tuple (h_0, c_0) of two tensors")
            parts = list(hx) if hx is not None else [None, None]
        else:
            if hx is not None and not isinstance(hx, pyt.Tensor):
                raise RuntimeError(f"{type(self).__name__}: expected hx to be a Tensor, got {type(hx).__name__}")
            parts = [hx]
        x, bs, si, ui, B, packed, batched, T, parts = self._prepare(input, parts)
        h_size = self.proj_size if self.proj_size > 0 else self.hidden_size
        h0 = parts[0] if parts[0] is not None else self._zeros_state(B, h_size, x)
        expected = self._expected_hidden_size(x, bs) if packed else (
            self.num_layers * (2 if self.bidirectional else 1), B, h_size
        )
        if lstm:
            c0 = parts[1] if parts[1] is not None else self._zeros_state(B, self.hidden_size, x)
            if parts[0] is not None:
                self._check_hidden_size(h0, expected, "Expected hidden[0] size {}, got {}")
                self._check_hidden_size(
                    c0, (expected[0], expected[1], self.hidden_size), "Expected hidden[1] size {}, got {}"
                )
        else:
            c0 = None
            if parts[0] is not None:
                self._check_hidden_size(h0, expected)
        if x.dtype != h0.dtype or (c0 is not None and c0.dtype != x.dtype):
            raise RuntimeError(
                f"{type(self).__name__}: expected the input and hidden states to have the same dtype, got input "
                f"{x.dtype} and hidden {h0.dtype}"
            )
        if T == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        out, h_n, c_n = self._run(x, bs, h0, c0)
        states = [h_n, c_n] if lstm else [h_n]
        return self._finish(out, bs, si, ui, packed, batched, T, B, states)


def _lstm_proj_layer(x, bs, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr, reverse):
    """One direction of an LSTM layer with a projection: per step, the fused lstm_cell on the
    running rows, then h = hy W_hr^T. Returns (output rows (N, P), h_n (B, P), c_n (B, H))."""
    offs = [0]
    for n in bs[:-1]:
        offs.append(offs[-1] + n)
    h, c = h0, c0
    outs = [None] * len(bs)
    steps = range(len(bs) - 1, -1, -1) if reverse else range(len(bs))
    for t in steps:
        n = bs[t]
        xt = x[offs[t] : offs[t] + n]
        hy, cy = pyt.lstm_cell(xt, (h[:n], c[:n]), w_ih, w_hh, b_ih, b_hh)
        hp = F.linear(hy, w_hr)
        outs[t] = hp
        if n < h.shape[0]:
            h = pyt.cat([hp, h[n:]], 0)
            c = pyt.cat([cy, c[n:]], 0)
        else:
            h, c = hp, cy
    out = pyt.cat(outs, 0) if outs else x.new_zeros((0, w_hr.shape[0]))
    return out, h, c


class RNN(RNNBase):
    r"""Multi-layer Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or relu).

    Args:
        input_size (int), hidden_size (int), num_layers (int, default 1),
        nonlinearity (str): ``'tanh'`` (default) or ``'relu'``,
        bias (bool, default True), batch_first (bool, default False),
        dropout (float, default 0), bidirectional (bool, default False), device, dtype.

    Shapes (forward ``(input, hx=None)``):
        input: ``(L, N, H_in)``, ``(N, L, H_in)`` with ``batch_first``, ``(L, H_in)`` unbatched,
        or a ``PackedSequence``; hx: ``(D * num_layers, N, H_out)`` (zeros if None).
        Returns ``(output, h_n)``: output ``(L, N, D * H_out)`` (or packed), h_n like hx.

    Raises:
        ValueError: bad constructor arguments or input not 2-D/3-D.
        RuntimeError: input feature size or hidden state shape not as expected.

    Source: ``torch.nn.RNN``.

    Example::

        >>> out, h = pyt.nn.RNN(4, 8, num_layers=2)(pyt.randn(5, 3, 4))
        >>> out.shape, h.shape
        (pyt.Size([5, 3, 8]), pyt.Size([2, 3, 8]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(mode, *args, **kwargs)

    def forward(self, input, hx=None):
        """Run the RNN over a sequence.

        Args:
            input (Tensor or PackedSequence): see the class docstring.
            hx (Tensor, optional): initial hidden state.

        Returns:
            tuple: ``(output, h_n)``.

        Raises:
            ValueError, RuntimeError: see the class docstring.

        Source: ``torch.nn.RNN.forward``.

        Example::

            >>> pyt.nn.RNN(2, 3)(pyt.randn(4, 2))[0].shape
            pyt.Size([4, 3])
        """
        output, (h_n,) = self._forward_impl(input, hx)
        return output, h_n


class LSTM(RNNBase):
    r"""Multi-layer LSTM (gates i, f, g, o):

    ``c_t = f * c_{t-1} + i * g``, ``h_t = o * tanh(c_t)`` (``h_t = W_hr (o * tanh(c_t))`` with
    ``proj_size``).

    Args:
        input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
        bidirectional=False, proj_size=0, device=None, dtype=None (as ``RNNBase``).

    Shapes (forward ``(input, hx=None)``):
        input: ``(L, N, H_in)`` (``(N, L, H_in)`` with batch_first, ``(L, H_in)`` unbatched)
        or a PackedSequence; hx = ``(h_0, c_0)``: ``(D * num_layers, N, H_out)`` and
        ``(D * num_layers, N, H_cell)``. Returns ``(output, (h_n, c_n))``.

    Raises:
        ValueError: bad constructor arguments or input not 2-D/3-D.
        RuntimeError: input feature size or state shapes not as expected.

    Source: ``torch.nn.LSTM``.

    Example::

        >>> out, (h, c) = pyt.nn.LSTM(4, 8, batch_first=True)(pyt.randn(3, 5, 4))
        >>> out.shape, c.shape
        (pyt.Size([3, 5, 8]), pyt.Size([1, 3, 8]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input, hx=None):
        """Run the LSTM over a sequence.

        Args:
            input (Tensor or PackedSequence): see the class docstring.
            hx (tuple of Tensor, optional): ``(h_0, c_0)``.

        Returns:
            tuple: ``(output, (h_n, c_n))``.

        Raises:
            ValueError, RuntimeError: see the class docstring.

        Source: ``torch.nn.LSTM.forward``.

        Example::

            >>> pyt.nn.LSTM(2, 3)(pyt.randn(4, 1, 2))[1][0].shape
            pyt.Size([1, 1, 3])
        """
        output, (h_n, c_n) = self._forward_impl(input, hx)
        return output, (h_n, c_n)


class GRU(RNNBase):
    r"""Multi-layer GRU (gates r, z, n):

    ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``, ``h' = (1 - z) * n + z * h``.

    Args:
        input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
        bidirectional=False, device=None, dtype=None (as ``RNNBase``).

    Shapes: as ``RNN``; forward returns ``(output, h_n)``.

    Raises:
        ValueError: bad constructor arguments or input not 2-D/3-D.
        RuntimeError: input feature size or hidden state shape not as expected.

    Source: ``torch.nn.GRU``.

    Example::

        >>> pyt.nn.GRU(4, 8, bidirectional=True)(pyt.randn(5, 2, 4))[0].shape
        pyt.Size([5, 2, 16])
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx=None):
        """Run the GRU over a sequence.

        Args:
            input (Tensor or PackedSequence): see the class docstring.
            hx (Tensor, optional): initial hidden state.

        Returns:
            tuple: ``(output, h_n)``.

        Raises:
            ValueError, RuntimeError: see the class docstring.

        Source: ``torch.nn.GRU.forward``.

        Example::

            >>> pyt.nn.GRU(2, 3)(pyt.randn(4, 1, 2))[0].shape
            pyt.Size([4, 1, 3])
        """
        output, (h_n,) = self._forward_impl(input, hx)
        return output, h_n


# ------------------------------------------------------------------------------ cells
class RNNCellBase(Module):
    """Common base of the cells: ``weight_ih`` ``(G*H, I)``, ``weight_hh`` ``(G*H, H)``,
    ``bias_ih``, ``bias_hh`` ``(G*H,)`` drawn from ``U(-1/sqrt(H), 1/sqrt(H))``
    (torch.nn.RNNCellBase).

    Args:
        input_size (int), hidden_size (int), bias (bool), num_chunks (int): gates G,
        device, dtype.

    Returns:
        RNNCellBase.

    Raises:
        ValueError, TypeError: bad sizes.

    Source: ``torch.nn.RNNCellBase``.

    Example::

        >>> pyt.nn.LSTMCell(3, 4).weight_ih.shape
        pyt.Size([16, 3])
    """

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        _check_size_arg("hidden_size", hidden_size)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        factory = {"dtype": dtype if dtype is not None else pyt.get_default_dtype()}
        self.weight_ih = Parameter(pyt.empty(num_chunks * hidden_size, input_size, **factory))
        self.weight_hh = Parameter(pyt.empty(num_chunks * hidden_size, hidden_size, **factory))
        if bias:
            self.bias_ih = Parameter(pyt.empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(pyt.empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        """Sizes and the non-default options, as torch prints them.

        Returns:
            str.

        Raises:
            Nothing.

        Source: ``torch.nn.RNNCellBase.extra_repr``.

        Example::

            >>> pyt.nn.GRUCell(3, 4, bias=False).extra_repr()
            '3, 4, bias=False'
        """
        s = "{input_size}, {hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += ", bias={bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)

    def reset_parameters(self):
        """Draw every parameter from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.RNNCellBase.reset_parameters``.

        Example::

            >>> pyt.nn.RNNCell(2, 3).reset_parameters()
        """
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _batch(self, input, hx_parts):
        name = type(self).__name__
        if not isinstance(input, pyt.Tensor):
            raise TypeError(f"{name}: expected input to be a Tensor, got {type(input).__name__}")
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        for h in hx_parts:
            if h is not None and h.dim() not in (1, 2):
                raise ValueError(f"{name}: Expected hidden to be 1D or 2D, got {h.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        out = []
        for h in hx_parts:
            if h is None:
                h = pyt.zeros(input.shape[0], self.hidden_size, dtype=input.dtype)
            elif not batched:
                h = h.unsqueeze(0)
            out.append(h)
        return input, out, batched


class RNNCell(RNNCellBase):
    """An Elman cell ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or relu).

    Args:
        input_size (int), hidden_size (int), bias (bool, default True),
        nonlinearity (str): ``'tanh'`` (default) or ``'relu'``, device, dtype.

    Shapes: input ``(N, H_in)`` or ``(H_in,)``; hx ``(N, H_out)`` or ``(H_out,)`` (zeros if
    None); returns h' shaped like hx.

    Raises:
        ValueError: bad nonlinearity or input not 1-D/2-D.
        RuntimeError: "input has inconsistent input_size ..." and the like.

    Source: ``torch.nn.RNNCell``.

    Example::

        >>> pyt.nn.RNNCell(3, 4)(pyt.randn(2, 3)).shape
        pyt.Size([2, 4])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        """One step.

        Args:
            input (Tensor): ``(N, H_in)`` or ``(H_in,)``.
            hx (Tensor, optional): ``(N, H_out)`` or ``(H_out,)``.

        Returns:
            Tensor: the new hidden state.

        Raises:
            ValueError, RuntimeError: see the class docstring.

        Source: ``torch.nn.RNNCell.forward``.

        Example::

            >>> pyt.nn.RNNCell(3, 4)(pyt.randn(3)).shape
            pyt.Size([4])
        """
        x, (h,), batched = self._batch(input, [hx])
        if self.nonlinearity == "tanh":
            out = pyt.rnn_tanh_cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        elif self.nonlinearity == "relu":
            out = pyt.rnn_relu_cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        else:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    """An LSTM cell: gates i, f, g, o; ``c' = f c + i g``, ``h' = o tanh(c')``.

    Args:
        input_size (int), hidden_size (int), bias (bool, default True), device, dtype.

    Shapes: input ``(N, H_in)`` or ``(H_in,)``; hx = ``(h, c)`` each ``(N, H)`` or ``(H,)``
    (zeros if None); returns ``(h', c')``.

    Raises:
        ValueError: input not 1-D/2-D.
        RuntimeError: "input has inconsistent input_size ..." and the like.

    Source: ``torch.nn.LSTMCell``.

    Example::

        >>> h, c = pyt.nn.LSTMCell(3, 4)(pyt.randn(2, 3))
        >>> h.shape
        pyt.Size([2, 4])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        """One step.

        Args:
            input (Tensor): ``(N, H_in)`` or ``(H_in,)``.
            hx (tuple of Tensor, optional): ``(h, c)``.

        Returns:
            tuple: ``(h', c')``.

        Raises:
            ValueError, RuntimeError: see the class docstring.

        Source: ``torch.nn.LSTMCell.forward``.

        Example::

            >>> pyt.nn.LSTMCell(3, 4)(pyt.randn(3))[1].shape
            pyt.Size([4])
        """
        parts = list(hx) if hx is not None else [None, None]
        x, (h, c), batched = self._batch(input, parts)
        hy, cy = pyt.lstm_cell(x, (h, c), self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        if not batched:
            return hy.squeeze(0), cy.squeeze(0)
        return hy, cy


class GRUCell(RNNCellBase):
    """A GRU cell: gates r, z, n; ``n = tanh(W_in x + b_in + r (W_hn h + b_hn))``,
    ``h' = (1 - z) n + z h``.

    Args:
        input_size (int), hidden_size (int), bias (bool, default True), device, dtype.

    Shapes: as ``RNNCell``.

    Raises:
        ValueError: input not 1-D/2-D.
        RuntimeError: "input has inconsistent input_size ..." and the like.

    Source: ``torch.nn.GRUCell``.

    Example::

        >>> pyt.nn.GRUCell(3, 4)(pyt.randn(2, 3)).shape
        pyt.Size([2, 4])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        """One step.

        Args:
            input (Tensor): ``(N, H_in)`` or ``(H_in,)``.
            hx (Tensor, optional): ``(N, H)`` or ``(H,)``.

        Returns:
            Tensor: the new hidden state.

        Raises:
            ValueError, RuntimeError: see the class docstring.

        Source: ``torch.nn.GRUCell.forward``.

        Example::

            >>> pyt.nn.GRUCell(3, 4)(pyt.randn(3)).shape
            pyt.Size([4])
        """
        x, (h,), batched = self._batch(input, [hx])
        out = pyt.gru_cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return out if batched else out.squeeze(0)
