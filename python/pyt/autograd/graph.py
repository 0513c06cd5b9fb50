"""Hooks on the tensors the autograd graph saves for backward (torch.autograd.graph).

Ops that need a tensor in backward (``x`` for ``x.exp()``'s gradient, ``w`` for a matmul)
save it with the node they record. Inside :class:`saved_tensors_hooks`, each such tensor is
handed to ``pack_hook`` when it is saved, and only what ``pack_hook`` returns is kept; when
backward needs the tensor, ``unpack_hook`` turns that object back into a tensor. The hooks
apply to every op of pyt's C++ core and to ``ctx.save_for_backward`` of Python
:class:`pyt.autograd.Function` s. They are thread-local and nest (the innermost pair wins).

Follows torch/autograd/graph.py (``saved_tensors_hooks``, ``save_on_cpu``,
``disable_saved_tensors_hooks``).
"""

from pyt import _C

Node = _C.Node

__all__ = ["Node", "saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks"]

# The ``_saved_<name>`` attributes of common nodes (torch's names), as the slot each tensor
# occupies in the C++ node. A slot the op left empty (``a * b`` saves ``a`` only when ``b``
# requires grad) reads as None, as in torch; reading after the graph was freed raises torch's
# RuntimeError. Nodes not listed here have no ``_saved_*`` attributes in pyt.
_SAVED_ATTRIBUTES = {
    "MulBackward0": {"_saved_self": 0, "_saved_other": 1},
    "DivBackward0": {"_saved_self": 0, "_saved_other": 1},
    "MmBackward0": {"_saved_self": 0, "_saved_mat2": 1},
    "ExpBackward0": {"_saved_result": 0},
    "LogBackward0": {"_saved_self": 0},
    "SinBackward0": {"_saved_self": 0},
    "CosBackward0": {"_saved_self": 0},
    "AbsBackward0": {"_saved_self": 0},
    "SqrtBackward0": {"_saved_result": 0},
    "ReluBackward0": {"_saved_result": 0},
    "SigmoidBackward0": {"_saved_result": 0},
    "TanhBackward0": {"_saved_result": 0},
}

_node_classes = {}


def _saved_property(name, slot):
    def get(self):
        return self._saved_tensor(slot)

    get.__name__ = name
    return property(get, doc=f"The tensor this node saved as ``{name[len('_saved_'):]}`` (None if not saved).")


def _node_class(name):
    """The Python class of graph nodes named ``name`` (``type(y.grad_fn).__name__`` is e.g.
    ``"AddBackward0"``, as in torch): a subclass of :class:`Node` with no storage of its own,
    carrying the ``_saved_*`` properties listed in ``_SAVED_ATTRIBUTES``. Made once per name
    (the C++ side caches it); see Note [Node classes] in src/cpp/bindings/autograd.cpp.
    """
    cls = _node_classes.get(name)
    if cls is None:
        ns = {"__slots__": (), "__module__": "pyt.autograd.graph",
              "__doc__": f"Backward graph node ``{name}`` (a :class:`pyt.autograd.graph.Node`)."}
        for attr, slot in _SAVED_ATTRIBUTES.get(name, {}).items():
            ns[attr] = _saved_property(attr, slot)
        cls = type(name, (Node,), ns)
        _node_classes[name] = cls
    return cls


class saved_tensors_hooks:
    """Context manager that sets a pair of pack / unpack hooks for saved tensors.

    Args:
        pack_hook (callable): ``pack_hook(tensor) -> Any``, called when an op saves ``tensor``
            for backward (for a tensor an op saves as its own output, ``tensor`` is a grad-less
            alias of it). Ops it runs do not call the hooks again.
        unpack_hook (callable): ``unpack_hook(packed) -> Tensor``, called when backward needs the
            tensor; it must return a tensor with the same values (its autograd history is
            replaced by the original tensor's, as in torch).

    Raises:
        RuntimeError: on entering, when hooks are disabled by :class:`disable_saved_tensors_hooks`
            (the message it was given).
        TypeError: at backward, when ``unpack_hook`` returns something that is not a tensor.

    Note: for the C++ ops the version check of saved tensors is replaced by the hooks (what
    ``unpack_hook`` returns is used as is); ``ctx.save_for_backward`` tensors get the hooks too,
    but keep the relinking of autograd history only for tensors the hook hands back unchanged.

    Example::

        >>> def pack(x): return x.detach().numpy().copy()
        >>> def unpack(a): return pyt.from_numpy(a)
        >>> x = pyt.ones(3, requires_grad=True)
        >>> with pyt.autograd.graph.saved_tensors_hooks(pack, unpack):
        ...     y = (x * x).sum()
        >>> y.backward(); x.grad
        tensor([2., 2., 2.])
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        _C._push_saved_tensors_hooks(self.pack_hook, self.unpack_hook)
        return self

    def __exit__(self, *exc):
        _C._pop_saved_tensors_hooks()
        return False


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors are kept on the CPU (``tensor.cpu()``) and moved back to their device for
    backward.

    pyt runs on the CPU only, so without ``pin_memory`` the saved tensor itself is kept (as
    torch's ``save_on_cpu`` does for CPU tensors: ``tensor.cpu()`` is the tensor); with
    ``pin_memory=True`` a copy is kept, as torch keeps a pinned copy. It exists so that code
    written for torch runs unchanged.

    Args:
        pin_memory (bool): keep a copy (pyt has no pinned memory). Default False.
        device_type (str): accepted for compatibility. Default ``"cuda"``.

    Example::

        >>> with pyt.autograd.graph.save_on_cpu():
        ...     loss = model(x).sum()
        >>> loss.backward()
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        import pyt

        def pack_to_cpu(tensor):
            if not pin_memory:
                return tensor.device, tensor.cpu()
            with pyt.no_grad():
                return tensor.device, tensor.detach().clone()

        def unpack_from_cpu(packed):
            device, tensor = packed
            return tensor.to(device)

        super().__init__(pack_to_cpu, unpack_from_cpu)


class disable_saved_tensors_hooks:
    """Context manager that forbids saved-tensor hooks: entering :class:`saved_tensors_hooks`
    inside it raises ``RuntimeError(error_message)``.

    Args:
        error_message (str): the message of the error.

    Example::

        >>> with pyt.autograd.graph.disable_saved_tensors_hooks("not supported here"):
        ...     with pyt.autograd.graph.saved_tensors_hooks(pack, unpack):  # RuntimeError
        ...         pass
    """

    def __init__(self, error_message):
        self.error_message = error_message
        self._prev = None

    def __enter__(self):
        self._prev = _C._set_saved_tensors_hooks_disabled(self.error_message)
        return self

    def __exit__(self, *exc):
        _C._set_saved_tensors_hooks_disabled(self._prev)
        return False
