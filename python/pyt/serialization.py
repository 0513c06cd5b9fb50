"""``pyt.save`` / ``pyt.load``: tensors in the safetensors format; pickle only on opt-in.

File layout (https://github.com/huggingface/safetensors): an 8-byte little-endian unsigned
header length ``N``; ``N`` bytes of UTF-8 JSON mapping each tensor name to
``{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}`` (offsets relative to the
data section) plus an optional ``"__metadata__"`` dict of str -> str; then the data section,
each tensor's bytes contiguous, row-major and little-endian. pyt pads the header with spaces
to a multiple of 8 bytes (as the safetensors library does) and writes the tensors back to
back in the dict's order. Tensors sharing a storage are written once, the others recorded
as views in the metadata (Note [Shared storages]).

Loading never executes code from the file unless the caller opts in (Note [Pickled
objects]), and every size and offset is validated against the file's real size before any
tensor memory is allocated.
"""

import contextlib
import io
import os
import pickle
import stat
import struct
import sys
from collections import OrderedDict
from collections.abc import Mapping

import pyt
from pyt import _C

__all__ = [
    "save",
    "load",
    "add_safe_globals",
    "clear_safe_globals",
    "get_safe_globals",
    "safe_globals",
]

# Header JSON bigger than this is refused (the safetensors library uses the same bound).
_MAX_HEADER_SIZE = 100 * 1024 * 1024

# safetensors dtype code -> (pyt dtype name, numpy dtype of the stored bytes, itemsize)
_CODES = {
    "F64": ("float64", "<f8", 8),
    "F32": ("float32", "<f4", 4),
    "F16": ("float16", "<f2", 2),
    "BF16": ("bfloat16", "<u2", 2),
    "I64": ("int64", "<i8", 8),
    "I32": ("int32", "<i4", 4),
    "I16": ("int16", "<i2", 2),
    "I8": ("int8", "i1", 1),
    "U8": ("uint8", "u1", 1),
    "BOOL": ("bool", "?", 1),
}


def _dtype_to_code():
    return {getattr(pyt, name): code for code, (name, _, _) in _CODES.items()}


def _is_path(f):
    return isinstance(f, (str, os.PathLike))


def _check_obj(obj):
    if not isinstance(obj, Mapping):
        raise TypeError(f"pyt.save: internal error: expected a dict, got {type(obj).__name__}")
    for k, v in obj.items():
        if not isinstance(k, str):
            raise TypeError(
                f"pyt.save: dict keys must be str, got key {k!r} of type {type(k).__name__}"
            )
        if k == "__metadata__":
            raise ValueError("pyt.save: the key '__metadata__' is reserved by the file format")
        if not isinstance(v, _C.Tensor):
            raise TypeError(
                f"pyt.save: internal error: the value of key {k!r} is a {type(v).__name__}"
            )


def _tensor_bytes(t):
    """Little-endian, C-contiguous bytes of a tensor (and its safetensors dtype code).

    A contiguous tensor's bytes are a read-only view of its storage (no copy); other tensors
    are copied once by ``contiguous()``."""
    t = t.detach()
    code = _dtype_to_code().get(t.dtype)
    if code is None:
        raise TypeError(f"pyt.save: dtype {t.dtype} cannot be stored in safetensors")
    if sys.byteorder != "little":
        import numpy as np

        if code == "BF16":  # numpy has no bfloat16: widen exactly, keep the high 16 bits
            a = np.ascontiguousarray(t.to(pyt.float32).numpy()).view(np.uint32)
            a = (a >> 16).astype("<u2")
        else:
            a = np.ascontiguousarray(t.numpy()).astype(_CODES[code][1], copy=False)
        return code, memoryview(a.reshape(-1)).cast("B")
    if not t.is_contiguous():
        t = t.contiguous()
    es = _CODES[code][2]
    begin = t.storage_offset() * es
    return code, memoryview(_C._storage_bytes(t, begin, begin + t.numel() * es))


def _view_end(t):
    """Bytes of t's storage up to the last element t can address (0 when t is empty)."""
    if t.numel() == 0:
        return 0
    last = t.storage_offset() + sum((n - 1) * s for n, s in zip(t.shape, t.stride()))
    return (last + 1) * t.element_size()


# Note [Shared storages]: as torch.save, tensors that view one storage (tied weights
# ``lin2.weight = lin1.weight``, a tensor and its slice, ``x`` and ``x.t()``) are written once
# and come back as views of one storage again, so an in-place change through one shows in the
# others. The file stays a valid safetensors file: each shared storage is ONE safetensors
# tensor (the header's entries never overlap, as the safetensors format requires), and the
# other tensors on it are recorded in __metadata__["pyt.views"] as JSON
# ``{"order": [every name, in the saved order], "views": {name: [entry, dtype code, shape,
# strides, storage_offset]}}`` (strides and offset in elements of the view's dtype, relative
# to the start of the entry's bytes). The entry holds the storage's bytes from its start up
# to the last byte any of the tensors addresses. When one of the tensors is contiguous,
# starts at offset 0 and covers exactly those bytes (the weight itself for tied weights, x
# for x and x.t()), the entry carries that tensor's name, dtype and shape, so readers of
# plain safetensors (the `safetensors` package) see it under its own name; otherwise it is a
# U8 entry named "pyt.storage.<i>" that pyt.load hides. So in a flat state_dict with tied
# weights, the safetensors package reads the first name of each tied group (as its
# save_model / load_model pair expects) and pyt.load restores every name, tied. A tensor that
# shares its storage with no other saved tensor is written alone as a contiguous copy of
# just its elements (a slice does not drag its whole base along). pyt.load checks every view
# against its entry's size before creating it, so a hostile file cannot address memory
# outside the file's data.
_VIEWS_KEY = "pyt.views"


def _plan_entries(obj):
    """Safetensors entries [(name, code, shape, bytes)] and the views of Note [Shared storages]."""
    groups = {}
    if sys.byteorder == "little":
        for name, t in obj.items():
            if t.numel() > 0:
                groups.setdefault(_C._storage_key(t)[0], []).append(name)
    first_of = {}
    for names in groups.values():
        if len(names) > 1:
            for n in names:
                first_of[n] = names
    code_of = _dtype_to_code()
    entries, views = [], {}
    synthetic = 0
    for name, t in obj.items():
        names = first_of.get(name)
        if names is None:
            code, data = _tensor_bytes(t)
            entries.append((name, code, [int(s) for s in t.shape], data))
            continue
        if names[0] != name:
            continue  # written with the first tensor of its storage
        ts = [obj[n].detach() for n in names]
        for n, v in zip(names, ts):
            if v.dtype not in code_of:
                raise TypeError(
                    f"pyt.save: dtype {v.dtype} of {n!r} cannot be stored in safetensors")
        end = max(_view_end(v) for v in ts)
        owner = next((n for n, v in zip(names, ts) if v.is_contiguous() and v.storage_offset() == 0
                      and v.numel() * v.element_size() == end), None)
        data = memoryview(_C._storage_bytes(ts[0], 0, end))
        if owner is None:
            entry = f"pyt.storage.{synthetic}"
            while entry in obj:
                entry += "_"
            synthetic += 1
            entries.append((entry, "U8", [end], data))
        else:
            entry = owner
            v = obj[owner]
            entries.append((owner, code_of[v.dtype], [int(s) for s in v.shape], data))
        for n, v in zip(names, ts):
            if n != owner:
                views[n] = [entry, code_of[v.dtype], [int(s) for s in v.shape],
                            [int(s) for s in v.stride()], int(v.storage_offset())]
    return entries, views


# Note [Nested checkpoints]: anything but a flat dict of str -> Tensor is stored as the same
# safetensors file with its tensors named "0", "1", ... and the container structure as JSON
# in __metadata__["pyt.structure"]. The JSON has a fixed vocabulary (dict, list, tuple, str,
# int, float, bool, None, bytes, device, tensor, ndarray): loading rebuilds exactly these and nothing
# else, so a file cannot make pyt.load construct arbitrary objects or run code.
_STRUCTURE_KEY = "pyt.structure"

# Note [State-dict metadata]: Module.state_dict() returns an OrderedDict carrying a
# ``_metadata`` attribute (per-module {"version": ...}), as torch's. A flat OrderedDict of
# tensors is still written as plain safetensors entries, with __metadata__["pyt.odict"] holding
# the JSON (same vocabulary as Note [Nested checkpoints], no tensors) of its ``_metadata``, or
# null when it has none; pyt.load then returns an OrderedDict with ``_metadata`` restored.
# Nested OrderedDicts keep theirs under the structure entry's "m".
_ODICT_KEY = "pyt.odict"

# Note [Flat autograd flags]: torch keeps nn.Parameter-ness and requires_grad of the tensors it
# saves. A flat dict of tensors records them in __metadata__["pyt.grad"] as JSON
# {name: "p" (Parameter, with its requires_grad) | "P" (Parameter, requires_grad=False) |
# "g" (a plain tensor with requires_grad=True)}; names absent load as plain tensors. Files
# without the key load as before.
_GRAD_KEY = "pyt.grad"


def _encode_grad_flags(obj):
    flags = {}
    for name, t in obj.items():
        if isinstance(t, pyt.nn.Parameter):
            flags[name] = "p" if t.requires_grad else "P"
        elif t.requires_grad:
            flags[name] = "g"
    return flags


def _metadata_json(metadata, key):
    """The JSON value stored under key in a safetensors header's metadata, or None when the
    key is absent; invalid JSON is reported as a corrupt checkpoint naming the key."""
    import json

    raw = metadata.get(key) if metadata else None
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as e:
        raise _corrupt(f"the {key} metadata is not valid JSON ({e})") from None


def _apply_grad_flags(out, metadata):
    flags = _metadata_json(metadata, _GRAD_KEY)
    if flags is None:
        return out
    if not isinstance(flags, dict):
        raise _corrupt(f"the {_GRAD_KEY} metadata is not a dict")
    for name, flag in flags.items():
        t = out.get(name)
        if t is None or flag not in ("p", "P", "g"):
            raise _corrupt(f"the {_GRAD_KEY} metadata has a bad entry {name!r}: {flag!r}")
        if flag == "g":
            if t.is_floating_point() or t.is_complex():
                out[name] = t.requires_grad_(True)
        else:
            out[name] = pyt.nn.Parameter(t, requires_grad=(flag == "p"))
    return out


def _encode_odict_metadata(obj):
    """The JSON-able encoding of ``obj._metadata`` (None when absent or not encodable)."""
    meta = getattr(obj, "_metadata", None)
    if meta is None:
        return None
    scratch = []
    try:
        enc = _encode(meta, scratch, {}, "obj._metadata")
    except _NeedsPickle:
        return None
    return None if scratch else enc  # tensors inside _metadata are not expected: drop it


def _decode_odict_metadata(node, depth=0):
    meta = _decode(node, {}, depth + 1)
    if not isinstance(meta, dict):
        raise _corrupt("state-dict _metadata is not a dict")
    return meta


def _is_flat_tensor_dict(obj):
    return (isinstance(obj, Mapping) and all(isinstance(k, str) and k != "__metadata__" for k in obj)
            and all(isinstance(v, _C.Tensor) for v in obj.values()) and len(obj) > 0)


def _encode(obj, tensors, seen, path="obj"):
    """JSON-able description of obj; tensors are appended to `tensors` and named by index."""
    import math

    if isinstance(obj, _C.Tensor):
        if id(obj) not in seen:
            seen[id(obj)] = str(len(tensors))
            tensors.append(obj)
        from pyt.nn import Parameter

        return {"t": "tensor", "name": seen[id(obj)], "requires_grad": bool(obj.requires_grad),
                "parameter": isinstance(obj, Parameter)}
    np = sys.modules.get("numpy")
    if np is not None and isinstance(obj, np.ndarray):
        if obj.dtype.kind not in "biuf" or obj.dtype.byteorder == ">":
            raise _NeedsPickle(path, obj)
        name = str(len(tensors))
        tensors.append(pyt.from_numpy(np.ascontiguousarray(obj)))
        return {"t": "ndarray", "name": name}
    if obj is None:
        return {"t": "none"}
    if type(obj) is bool:
        return {"t": "bool", "v": obj}
    if type(obj) is int:
        return {"t": "int", "v": str(obj)}  # as text: JSON readers may not keep big ints exact
    if type(obj) is float:
        return {"t": "float", "v": repr(obj) if not math.isfinite(obj) else obj}
    if type(obj) is str:
        return {"t": "str", "v": obj}
    if type(obj) is _C.device:  # torch.device is on torch's weights_only safe list too
        return {"t": "device", "v": str(obj)}
    if type(obj) is bytes:
        import base64

        return {"t": "bytes", "v": base64.b64encode(bytes(obj)).decode("ascii")}
    if type(obj) in (dict, OrderedDict):
        kind = "odict" if type(obj) is OrderedDict else "dict"
        node = {"t": kind, "k": [_encode(k, tensors, seen, f"{path} key") for k in obj.keys()],
                "v": [_encode(v, tensors, seen, f"{path}[{k!r}]") for k, v in obj.items()]}
        if kind == "odict":
            meta = _encode_odict_metadata(obj)
            if meta is not None:
                node["m"] = meta  # Note [State-dict metadata]
        return node
    if type(obj) in (list, tuple):
        kind = "list" if type(obj) is list else "tuple"
        return {"t": kind, "v": [_encode(v, tensors, seen, f"{path}[{i}]") for i, v in enumerate(obj)]}
    raise _NeedsPickle(path, obj)


def _decode(node, tensors, depth=0):
    if depth > 1000:
        raise _corrupt("the structure is nested too deeply")
    if not isinstance(node, dict) or "t" not in node:
        raise _corrupt("malformed structure entry")
    t = node["t"]
    if t in ("tensor", "ndarray"):
        name = node.get("name")
        if name not in tensors:
            raise _corrupt(f"the structure refers to a missing tensor {name!r}")
        v = tensors[name]
        if t == "ndarray":
            return v.numpy()
        if node.get("parameter"):
            from pyt.nn import Parameter

            return Parameter(v, requires_grad=bool(node.get("requires_grad")))
        return v.requires_grad_(True) if node.get("requires_grad") and v.is_floating_point() else v
    if t == "none":
        return None
    if t == "bool":
        return bool(node["v"])
    if t == "int":
        return int(node["v"])
    if t == "float":
        return float(node["v"])
    if t == "str":
        return str(node["v"])
    if t == "device":
        v = node.get("v")
        if not isinstance(v, str):
            raise _corrupt("malformed device entry")
        return _C.device(v)
    if t == "bytes":
        import base64

        return base64.b64decode(node["v"])
    if t in ("dict", "odict"):
        keys = [_decode(k, tensors, depth + 1) for k in node["k"]]
        vals = [_decode(v, tensors, depth + 1) for v in node["v"]]
        if len(keys) != len(vals):
            raise _corrupt("a dict entry has different numbers of keys and values")
        if t == "odict":
            from collections import OrderedDict

            out = OrderedDict(zip(keys, vals))
            if node.get("m") is not None:
                out._metadata = _decode_odict_metadata(node["m"], depth)
            return out
        return dict(zip(keys, vals))
    if t in ("list", "tuple"):
        items = [_decode(v, tensors, depth + 1) for v in node["v"]]
        return items if t == "list" else tuple(items)
    raise _corrupt(f"unknown structure entry type {t!r}")


class _NeedsPickle(Exception):
    """Raised by _encode for an object outside the JSON vocabulary: the checkpoint is pickled."""

    def __init__(self, path, obj):
        super().__init__(path)
        self.path = path
        self.type_name = type(obj).__name__


# Note [Pickled objects]: an object outside the JSON vocabulary of Note [Nested checkpoints]
# (an nn.Module, a custom class, a set, ...) is pickled as torch.save does. The file is still
# a safetensors file: every tensor (and numeric numpy array) is stored as a safetensors tensor
# "0", "1", ... that the pickle refers to by a persistent id, and the pickle bytes are the U8
# tensor "pyt.pickle"; __metadata__["pyt.format"] is "pickle". pyt.load unpickles such a file
# fully only when the caller opts in (weights_only=False, or PYT_FORCE_NO_WEIGHTS_ONLY_LOAD=1 /
# TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 when weights_only is not given). Otherwise a restricted
# unpickler rebuilds only a fixed set of harmless globals plus the ones allowlisted with
# add_safe_globals / safe_globals, and refuses everything else before calling it.
_FORMAT_KEY = "pyt.format"
_PICKLE_TENSOR = "pyt.pickle"


class _TensorPickler(pickle.Pickler):
    """Pickler that stores tensors and numeric numpy arrays out of band (Note [Pickled objects])."""

    def __init__(self, file, protocol, tensors):
        super().__init__(file, protocol)
        self._tensors = tensors
        self._seen = {}
        self._keep = []  # keeps ids stable while pickling

    def persistent_id(self, obj):
        if isinstance(obj, _C.Tensor):
            key = id(obj)
            if key not in self._seen:
                self._seen[key] = str(len(self._tensors))
                self._tensors.append(obj)
                self._keep.append(obj)
            from pyt.nn import Parameter

            return ("tensor", self._seen[key], bool(obj.requires_grad), isinstance(obj, Parameter))
        np = sys.modules.get("numpy")
        if (np is not None and type(obj) is np.ndarray and obj.dtype.kind in "biuf"
                and obj.dtype.byteorder != ">"):
            name = str(len(self._tensors))
            self._tensors.append(pyt.from_numpy(np.ascontiguousarray(obj)))
            self._keep.append(obj)
            return ("ndarray", name)
        return None


def save(obj, f, pickle_module=pickle, pickle_protocol=2, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False, *, metadata=None):
    """Save tensors, a nested checkpoint of them, or any picklable object (torch.save).

    A flat dict of str -> Tensor (``model.state_dict()``) becomes a plain safetensors file.
    Dicts, OrderedDicts, lists, tuples, numbers, strings, bytes, None and numpy arrays
    holding tensors (``{"model": ..., "optimizer": opt.state_dict(), "epoch": 3}``) are
    stored as the tensors plus the structure as JSON in the metadata (Note [Nested
    checkpoints]); loading them never runs code. An OrderedDict comes back as an OrderedDict
    with its ``_metadata`` (the per-module versions of ``Module.state_dict()``), as torch's
    (Note [State-dict metadata]). Anything else (an ``nn.Module``, a custom
    class, a set) is pickled as torch does, with the tensors stored as safetensors tensors
    beside the pickle (Note [Pickled objects]); :func:`load` unpickles it only on opt-in. A
    path target is written atomically (temporary file in the same folder, written with
    ``os.writev`` straight from the tensors' memory, fsync, rename): a failure or a kill
    mid-save leaves any older file at the path intact.

    Shared storage (Note [Shared storages]), as torch.save: tensors that view one storage
    (tied weights ``lin2.weight = lin1.weight``, ``x`` and ``x[1:]``, ``x`` and ``x.t()``)
    are written once and :func:`load` returns them as views of one storage again, with
    torch's strides and storage offsets, so an in-place change through one shows in the
    others. The file stays a valid safetensors file whose entries never overlap: each shared
    storage is one entry, named after a tensor that is contiguous and covers it (the tied
    weight, ``x``) when there is one, else a hidden U8 entry ``pyt.storage.<i>``; the other
    tensors are recorded in ``__metadata__["pyt.views"]``. Readers of plain safetensors (the
    ``safetensors`` package) therefore see each shared storage once, under its first name
    (``lin1.weight`` but not ``lin2.weight``, as its ``save_model``/``load_model`` do);
    ``safetensors.torch.save_file`` refuses such dicts outright. A tensor sharing its storage
    with no other saved tensor is written alone as a contiguous copy of its elements.

    Args:
        obj: what to save. Tensors of any shape (dtypes float64, float32, float16, bfloat16,
            int64, int32, int16, int8, uint8, bool) are saved detached; requires_grad and
            Parameter-ness are recorded; a tensor that appears twice, or several views of
            one storage, are stored once.
        f (str, os.PathLike or binary file object): destination; a file object must be
            open for writing in binary mode.
        pickle_module (module): the pickle module for objects outside the JSON vocabulary.
            Default :mod:`pickle`.
        pickle_protocol (int): pickle protocol. Default 2 (as torch). Honoured where pyt
            pickles (objects outside the JSON vocabulary); flat and nested containers are
            not pickled, so it does not apply to them.
        _use_new_zipfile_serialization (bool): accepted for compatibility with torch.save and
            ignored: pyt always writes safetensors, neither of torch's two formats.
        _disable_byteorder_record (bool): accepted for compatibility and ignored: safetensors
            data is always little-endian, which the format itself records.
        metadata (Mapping[str, str], optional): stored in the header's ``__metadata__``
            (a pyt extension of ``torch.save``'s signature).

    Returns:
        None.

    Raises:
        TypeError: metadata is not str -> str, or a tensor's dtype has no safetensors code.
        pickle.PicklingError, AttributeError, TypeError: ``obj`` cannot be pickled (a
            lambda, a local class); nothing is written to the path.

    Source: ``torch.save`` and the safetensors format specification.

    Example::

        >>> pyt.save(model.state_dict(), "model.safetensors")
        >>> model.load_state_dict(pyt.load("model.safetensors"))
    """
    import json

    if _is_flat_tensor_dict(obj) and type(obj) in (dict, OrderedDict):
        if _is_path(f):
            _check_save_path(f)
        if type(obj) is OrderedDict:
            # Note [State-dict metadata]
            odict_meta = _encode_odict_metadata(obj)
            metadata = dict(metadata or {})
            metadata[_ODICT_KEY] = json.dumps(odict_meta, separators=(",", ":"))
        flags = _encode_grad_flags(obj)
        if flags:  # Note [Flat autograd flags]
            metadata = dict(metadata or {})
            metadata[_GRAD_KEY] = json.dumps(flags, separators=(",", ":"))
        return _save_flat(obj, f, metadata)
    if _is_path(f):
        _check_save_path(f)  # before pickling, as torch does
    tensors = []
    try:
        structure = _encode(obj, tensors, {})
    except _NeedsPickle:
        structure = None
    meta = dict(metadata or {})
    if structure is not None:
        # Nested containers: tensors "0", "1", ... plus the structure (Note [Nested checkpoints]).
        meta[_STRUCTURE_KEY] = json.dumps(structure, separators=(",", ":"))
        return _save_flat({str(i): t for i, t in enumerate(tensors)}, f, meta)
    tensors = []
    buf = io.BytesIO()
    pickler_cls = _TensorPickler
    if pickle_module is not pickle and hasattr(pickle_module, "Pickler"):
        pickler_cls = type("_ModulePickler", (pickle_module.Pickler,),
                           {"__init__": _TensorPickler.__init__,
                            "persistent_id": _TensorPickler.persistent_id})
    pickler_cls(buf, pickle_protocol, tensors).dump(obj)
    named = {str(i): t for i, t in enumerate(tensors)}
    import numpy as np

    named[_PICKLE_TENSOR] = pyt.from_numpy(np.frombuffer(buf.getvalue(), dtype=np.uint8))
    meta[_FORMAT_KEY] = "pickle"
    return _save_flat(named, f, meta)


def _save_flat(obj, f, metadata):
    import json

    _check_obj(obj) if obj else None
    header = {}
    if metadata is not None:
        if not isinstance(metadata, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
        ):
            raise TypeError("pyt.save: metadata must be a dict mapping str to str")
        header["__metadata__"] = dict(metadata)
    entries, views = _plan_entries(obj)
    if views:
        meta = header.setdefault("__metadata__", {})
        meta[_VIEWS_KEY] = json.dumps({"order": list(obj), "views": views}, separators=(",", ":"))
    chunks = []
    offset = 0
    for name, code, shape, data in entries:
        header[name] = {"dtype": code, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        if len(data):
            chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    head = struct.pack("<Q", len(header_bytes)) + header_bytes
    if _is_path(f):
        _atomic_write(os.fspath(f), head, chunks, len(head) + offset)
    else:
        f.write(head)
        for c in chunks:
            f.write(c)


def _check_save_path(f):
    """torch.save's checks of a target path, made before anything is written.

    Raises RuntimeError "Parent directory D does not exist." (D as given, as torch) when the
    folder is missing, and "invalid file name: P" when P is a directory."""
    path = os.fspath(f)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    real = os.path.realpath(path)
    if os.path.isdir(real):
        raise RuntimeError(f"pyt.save: invalid file name: {path}")
    parent = os.path.dirname(real)
    if not os.path.isdir(parent):
        shown = os.path.dirname(path) or parent
        raise RuntimeError(f"Parent directory {shown} does not exist.")


def _atomic_write(path, head, chunks, total):
    # Note [Atomic save]: the data goes to a temporary file in the target's folder, written with
    # os.writev straight from the tensors' memory (no Python-level buffering or copies),
    # fsynced, then renamed over the target: a crash or kill mid-save never leaves a partial
    # file at `path`. On Linux the temporary file is unnamed (O_TMPFILE) while it is written,
    # so a kill leaves nothing behind; it gets a name (linkat via /proc/self/fd) only once it
    # is complete, just before the rename. Elsewhere, a named temporary file is used. Reserving
    # the file's size first (posix_fallocate) lets the file system allocate it in one go and
    # reports a full disk before anything is written. A symlink is written through, as torch
    # does: the link stays, its target gets the content.
    path = os.path.realpath(path)
    folder = os.path.dirname(path)
    fd = _open_unnamed(folder)
    if fd is not None:
        try:
            _fill(fd, head, chunks, total)
            tmp = _link_unnamed(fd, folder)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if tmp is not None:
            try:
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            return
        # the file could not be given a name (no /proc): fall back to a named temporary file
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".pyt-save-", dir=folder)
    try:
        _fill(fd, head, chunks, total)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _open_unnamed(folder):
    """An fd of a new unnamed file in folder (O_TMPFILE), or None where that is unsupported."""
    import errno

    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as e:
        if e.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


def _link_unnamed(fd, folder):
    """Give the unnamed file fd a temporary name in folder; None when linking is unsupported."""
    import errno
    import secrets

    for _ in range(100):
        tmp = os.path.join(folder, f".pyt-save-{secrets.token_hex(6)}")
        try:
            os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
            return tmp
        except FileExistsError:
            continue
        except OSError as e:
            if e.errno in (errno.ENOENT, errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV):
                return None
            raise
    raise FileExistsError(errno.EEXIST, "pyt.save: no free temporary file name", folder)


def _fill(fd, head, chunks, total):
    """Reserve total bytes, write head and chunks to fd, fsync."""
    try:
        if total > 0 and hasattr(os, "posix_fallocate"):
            os.posix_fallocate(fd, 0, total)
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise
        # the file system does not support it (EOPNOTSUPP, EINVAL): write without
    _writev_all(fd, [memoryview(head)] + chunks)
    os.fsync(fd)


# Bytes handed to one write system call: Linux writes at most 0x7ffff000 bytes per call.
_MAX_WRITE = 1 << 30
try:
    _IOV_MAX = max(16, os.sysconf("SC_IOV_MAX"))
except (AttributeError, ValueError, OSError):
    _IOV_MAX = 1024


def _writev_all(fd, bufs):
    """Write every buffer to fd in order, resuming after partial writes."""
    bufs = [b.cast("B") if b.format != "B" or b.ndim != 1 else b for b in bufs if len(b)]
    i = 0
    while i < len(bufs):
        batch, size = [], 0
        for b in bufs[i:i + max(1, _IOV_MAX)]:
            if size and size + len(b) > _MAX_WRITE:
                break
            batch.append(b[:_MAX_WRITE] if len(b) > _MAX_WRITE else b)
            size += len(batch[-1])
        if hasattr(os, "writev"):
            n = os.writev(fd, batch)
        else:
            n = os.write(fd, batch[0])
        if n <= 0:
            raise OSError(f"pyt.save: the write system call wrote nothing ({n})")
        # drop what was written, keep the rest of a partially written buffer
        while n > 0:
            k = min(n, len(bufs[i]))
            n -= k
            bufs[i] = bufs[i][k:]
            if len(bufs[i]) == 0:
                i += 1


def _corrupt(msg):
    return RuntimeError(f"pyt.load: invalid or corrupt safetensors file: {msg}")


def _file_size(fh):
    try:
        st = os.fstat(fh.fileno())
        if stat.S_ISREG(st.st_mode):
            return st.st_size
    except (AttributeError, OSError, ValueError):
        pass
    if getattr(fh, "seekable", lambda: False)():
        pos = fh.tell()
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        fh.seek(pos)
        return end
    return None


def _reject_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise _corrupt(f"duplicate key {k!r} in the header")
        d[k] = v
    return d


def _parse_header(raw, data_size):
    """Validate the JSON header; return [(name, code, shape, begin, end)] and metadata."""
    import json

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _corrupt("the header is not valid UTF-8") from None
    if not text.startswith("{"):
        raise _corrupt("the header does not start with '{'")
    try:
        header = json.loads(text, object_pairs_hook=_reject_duplicates)
    except ValueError as e:
        raise _corrupt(f"the header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise _corrupt("the header is not a JSON object")
    metadata = header.pop("__metadata__", None)
    if metadata is not None:
        if not isinstance(metadata, dict) or not all(
            isinstance(v, str) for v in metadata.values()
        ):
            raise _corrupt("__metadata__ must map str to str")
    entries = []
    for name, info in header.items():
        if not isinstance(info, dict):
            raise _corrupt(f"entry {name!r} is not an object")
        code = info.get("dtype")
        shape = info.get("shape")
        offsets = info.get("data_offsets")
        if code not in _CODES:
            raise _corrupt(
                f"tensor {name!r} has unsupported dtype {code!r} "
                f"(supported: {', '.join(_CODES)})"
            )
        if not isinstance(shape, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape
        ):
            raise _corrupt(f"tensor {name!r} has an invalid shape {shape!r}")
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
        ):
            raise _corrupt(f"tensor {name!r} has invalid data_offsets {offsets!r}")
        begin, end = offsets
        if not (0 <= begin <= end <= data_size):
            raise _corrupt(
                f"tensor {name!r} has data_offsets [{begin}, {end}] outside the data section "
                f"of {data_size} bytes"
            )
        numel = 1
        for s in shape:
            numel *= s
        nbytes = numel * _CODES[code][2]
        if end - begin != nbytes:
            raise _corrupt(
                f"tensor {name!r} of dtype {code} and shape {shape} needs {nbytes} bytes but "
                f"its data_offsets [{begin}, {end}] span {end - begin}"
            )
        entries.append((name, code, tuple(shape), begin, end))
    spans = sorted((b, e, n) for n, _, _, b, e in entries if e > b)
    for (b0, e0, n0), (b1, e1, n1) in zip(spans, spans[1:]):
        if b1 < e0:
            raise _corrupt(f"the data of tensors {n0!r} and {n1!r} overlap")
    return entries, metadata


def _check_map_target(target, map_location):
    # As torch: the target is a location tag; only "cpu" restores here. A device pyt lacks
    # raises Tensor.to(device)'s error; another spelling of the cpu ("cpu:0") is refused as
    # torch refuses it.
    if isinstance(target, pyt.device):
        target = str(target)
    if not isinstance(target, str):
        raise TypeError(f"pyt.load: map_location={map_location!r} maps to {target!r}; expected a "
                        "location string such as 'cpu'")
    if target == "cpu":
        return
    try:
        pyt.device(target)  # the same check (and message) as Tensor.to(device)
    except RuntimeError as e:
        raise RuntimeError(f"pyt.load: map_location={map_location!r}: {e}") from None
    raise RuntimeError(f"pyt.load: map_location={map_location!r}: don't know how to restore data "
                       f"location tagged with {target!r}; pyt files hold 'cpu' storages, use "
                       "map_location='cpu'")


def _resolve_map_location(map_location):
    """None, or the function ``storage -> storage`` that applies a callable map_location.

    Every storage in a pyt file lives on "cpu" (its location tag, as torch's); a string or
    pyt.device target, or the dict's target for "cpu", must be a device pyt has."""
    if map_location is None:
        return None
    if isinstance(map_location, (str, pyt.device)):
        _check_map_target(map_location, map_location)
        return None
    if isinstance(map_location, dict):
        # torch maps each storage's location through the dict (missing keys: unchanged); the
        # values are location strings (torch refuses device objects there too)
        target = map_location.get("cpu", "cpu")
        if not isinstance(target, str):
            raise TypeError(f"pyt.load: map_location={map_location!r} maps 'cpu' to a "
                            f"{type(target).__name__}; dict values must be location strings")
        _check_map_target(target, map_location)
        return None
    if not callable(map_location):
        raise TypeError(f"pyt.load: map_location must be a str, pyt.device, dict or callable, got "
                        f"{type(map_location).__name__}")

    def apply(storage):
        result = map_location(storage, "cpu")
        if result is None:  # torch: fall back to the storage's own location
            return storage
        if not isinstance(result, _C.Tensor):
            raise TypeError(f"pyt.load: map_location(storage, 'cpu') must return a storage (a 1-D "
                            f"uint8 tensor) or None, got {type(result).__name__}")
        if result.dtype != pyt.uint8 or result.dim() != 1 or result.numel() != storage.numel():
            raise RuntimeError(
                f"pyt.load: map_location(storage, 'cpu') returned a tensor of dtype "
                f"{result.dtype} and shape {tuple(result.shape)}; a storage of "
                f"{storage.numel()} bytes (a 1-D uint8 tensor of that length) was expected")
        result = result.detach()
        # the storage's tensors are rebuilt from byte 0 of the result's storage
        return result if result.is_contiguous() and result.storage_offset() == 0 else result.clone()

    return apply


# ---- loading pickled objects (Note [Pickled objects]) ---------------------------------------

_safe_globals = []  # what add_safe_globals allowlisted: objects or (object, "module.name")


def _global_name(entry):
    if isinstance(entry, tuple):
        obj, name = entry
        return name
    return f"{entry.__module__}.{entry.__qualname__}"


def add_safe_globals(safe_globals):
    """Allowlist classes or functions that ``pyt.load`` may rebuild with ``weights_only=True``.

    Args:
        safe_globals (list): objects (classes, functions), or ``(object, "module.name")``
            pairs naming the global under which the file refers to them.

    Returns:
        None.

    Raises:
        TypeError: ``safe_globals`` is not a list.

    Source: ``torch.serialization.add_safe_globals``.

    Example::

        >>> pyt.serialization.add_safe_globals([MyConfig])
        >>> cfg = pyt.load("cfg.pt")
    """
    if not isinstance(safe_globals, list):
        raise TypeError(f"add_safe_globals: expected a list, got {type(safe_globals).__name__}")
    _safe_globals.extend(safe_globals)


def get_safe_globals():
    """The list of user-allowlisted globals (see :func:`add_safe_globals`).

    Args:
        None.

    Returns:
        list: a copy of the allowlist.

    Raises:
        Nothing.

    Source: ``torch.serialization.get_safe_globals``.

    Example::

        >>> pyt.serialization.get_safe_globals()
        []
    """
    return list(_safe_globals)


def clear_safe_globals():
    """Empty the allowlist of :func:`add_safe_globals`.

    Args:
        None.

    Returns:
        None.

    Raises:
        Nothing.

    Source: ``torch.serialization.clear_safe_globals``.

    Example::

        >>> pyt.serialization.clear_safe_globals()
    """
    _safe_globals.clear()


class safe_globals(contextlib.AbstractContextManager):
    """Context manager that allowlists globals for ``weights_only`` loading inside its block.

    Args:
        safe_globals (list): as :func:`add_safe_globals`.

    Returns:
        The context manager.

    Raises:
        TypeError: ``safe_globals`` is not a list.

    Source: ``torch.serialization.safe_globals``.

    Example::

        >>> with pyt.serialization.safe_globals([MyConfig]):
        ...     cfg = pyt.load("cfg.pt")
    """

    def __init__(self, safe_globals):
        if not isinstance(safe_globals, list):
            raise TypeError(f"safe_globals: expected a list, got {type(safe_globals).__name__}")
        self.safe_globals = safe_globals

    def __enter__(self):
        self._saved = list(_safe_globals)
        _safe_globals.extend(self.safe_globals)
        return self

    def __exit__(self, *exc):
        _safe_globals[:] = self._saved
        return False


def _default_safe_globals():
    # Harmless globals a pickled checkpoint commonly refers to (torch allows the same kinds).
    import builtins
    import collections

    out = {
        "collections.OrderedDict": collections.OrderedDict,
        "collections.Counter": collections.Counter,
        "collections.defaultdict": collections.defaultdict,
        "pyt._size.Size": pyt.Size,
        "pyt._C.device": _C.device,  # rebuilt from its type string; torch allows it too
    }
    for name in ("set", "frozenset", "bytearray", "complex", "slice", "range"):
        out[f"builtins.{name}"] = getattr(builtins, name)
    import _codecs

    out["_codecs.encode"] = _codecs.encode  # protocol-2 pickles of bytes
    for code, (dtype_name, _, _) in _CODES.items():
        out[f"pyt._C.{dtype_name}"] = getattr(pyt, dtype_name)
    return out


def _weights_only_message(what):
    return (
        "pyt.load: Weights only load failed. This file holds pickled Python objects, and "
        f"{what}. With weights_only=True (the default) pyt.load rebuilds only tensors, "
        "containers, numbers and strings, plus classes you allowlist with "
        "pyt.serialization.add_safe_globals([YourClass]) or the "
        "pyt.serialization.safe_globals([YourClass]) context manager. Re-running pyt.load "
        "with weights_only=False (or with the environment variable "
        "PYT_FORCE_NO_WEIGHTS_ONLY_LOAD=1; TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 is honoured too) "
        "will unpickle it, but that can run arbitrary code: do it only for files from a "
        "trusted source."
    )


def _make_unpickler(data, tensors, weights_only, pickle_module):
    base = pickle.Unpickler
    if not weights_only and pickle_module is not None and hasattr(pickle_module, "Unpickler"):
        base = pickle_module.Unpickler

    def persistent_load(self, pid):
        if (not isinstance(pid, tuple) or len(pid) not in (2, 4) or pid[0] not in ("tensor", "ndarray")
                or not isinstance(pid[1], str) or pid[1] not in tensors):
            raise _corrupt(f"the pickle refers to an unknown tensor {pid!r}")
        t = tensors[pid[1]]
        if pid[0] == "ndarray":
            return t.numpy()
        _, _, requires_grad, is_param = pid
        if is_param:
            from pyt.nn import Parameter

            return Parameter(t, requires_grad=bool(requires_grad))
        return t.requires_grad_(True) if requires_grad and t.is_floating_point() else t

    attrs = {"persistent_load": persistent_load}
    if weights_only:
        allowed = _default_safe_globals()
        for entry in _safe_globals:
            obj = entry[0] if isinstance(entry, tuple) else entry
            allowed[_global_name(entry)] = obj

        def find_class(self, module, name):
            # protocol < 3 pickles name Python 2 modules (__builtin__.set): map them as
            # pickle's own find_class does
            import _compat_pickle

            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
            key = f"{module}.{name}"
            if key in allowed:
                return allowed[key]
            raise pickle.UnpicklingError(_weights_only_message(
                f"it refers to the global {key}, which is not allowlisted"))

        attrs["find_class"] = find_class
    cls = type("_PytUnpickler", (base,), attrs)
    return cls(io.BytesIO(data))


def _resolve_weights_only(weights_only, pickle_module):
    def env(name):
        return os.environ.get(name, "0") not in ("", "0")

    if env("PYT_FORCE_WEIGHTS_ONLY_LOAD") or env("TORCH_FORCE_WEIGHTS_ONLY_LOAD"):
        return True
    if weights_only is None:
        if pickle_module is not None:
            return False
        return not (env("PYT_FORCE_NO_WEIGHTS_ONLY_LOAD") or env("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"))
    if weights_only and pickle_module is not None:
        raise RuntimeError(
            "pyt.load: can not safely load weights when an explicit pickle_module is specified")
    return bool(weights_only)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load what :func:`save` wrote, or a safetensors file written by another library.

    The header is parsed and every entry validated (header length within the file, known
    dtype codes, offsets inside the data section, byte sizes equal ``numel * itemsize``, no
    two tensors overlapping) before any tensor is allocated. Flat and nested checkpoints
    never run code. A file holding pickled objects (Note [Pickled objects]) is unpickled
    fully only when the caller opts in; by default a restricted unpickler rebuilds only
    containers, numbers, strings, tensors and allowlisted globals and refuses anything else.

    Args:
        f (str, os.PathLike or binary file object): the source; a file object must be open
            for reading in binary mode (seekable or not).
        map_location (str, pyt.device, dict or callable, optional): where to put the
            storages, as torch.load. Every storage in a file is tagged ``"cpu"``. A string or
            pyt.device must be ``"cpu"`` (a device pyt has no backend for raises the error
            ``Tensor.to(device)`` raises; another spelling such as ``"cpu:0"`` is refused, as
            torch refuses it); a dict maps location strings to location strings (``"cpu"``'s
            target, when present, must be ``"cpu"``; other keys are unused); a callable is
            called as ``map_location(storage, "cpu")`` once per stored storage, where
            ``storage`` is a 1-D uint8 tensor aliasing the storage's bytes (pyt has no
            separate storage type), and its result (a uint8 tensor of the same length, e.g.
            ``storage`` itself, ``storage.cpu()`` or a copy) is used as the storage, all the
            tensors on it viewing the result; ``None`` keeps the storage.
        pickle_module (module, optional): the module whose ``Unpickler`` reads pickled
            objects; giving one makes ``weights_only`` default to False (as torch).
        weights_only (bool, optional): ``True`` (the default, unless the environment
            variable ``PYT_FORCE_NO_WEIGHTS_ONLY_LOAD`` or ``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD``
            is set to a non-zero value) restricts unpickling as above; ``False`` unpickles
            anything, which can run code from the file. ``PYT_FORCE_WEIGHTS_ONLY_LOAD`` /
            ``TORCH_FORCE_WEIGHTS_ONLY_LOAD`` force True.
        mmap (bool, optional): map the file into memory instead of reading it; the tensors
            alias the (copy-on-write) map, which stays open while any of them lives.
            bfloat16 tensors are converted, so they are copies. Needs a path.
        **pickle_load_args: accepted for torch compatibility (e.g. ``encoding``) and ignored.

    Returns:
        dict[str, Tensor] for a plain safetensors file (header order; the saved order when
        pyt wrote it), or the object the checkpoint was saved from (an OrderedDict, such as
        a ``state_dict()``, with its ``_metadata``). Tensors saved sharing a storage share
        one again (Note [Shared storages]).

    Raises:
        RuntimeError: the file is truncated, corrupt or uses an unsupported dtype (message
            starts with "pyt.load: invalid or corrupt safetensors file"), it was written by
            torch.save, map_location names a device other than cpu (or a callable returns a
            tensor of the wrong size), or weights_only=True with an explicit pickle_module.
            A view recorded in the file that reaches outside its stored bytes is corrupt.
        pickle.UnpicklingError: weights_only loading met a global that is not allowlisted
            (the message explains the opt-in).
        ValueError: ``mmap=True`` with a file object.
        TypeError: map_location of another type, a dict value that is not a string, or a
            callable returning something other than a tensor or None.
        FileNotFoundError: the path does not exist.

    Source: ``torch.load`` (signature, weights_only semantics) and the safetensors format
    specification.

    Example::

        >>> sd = pyt.load("model.safetensors")
        >>> model.load_state_dict(sd)
    """
    map_fn = _resolve_map_location(map_location)
    weights_only = _resolve_weights_only(weights_only, pickle_module)
    opts = (weights_only, pickle_module, map_fn)
    if mmap:
        if not _is_path(f):
            raise ValueError("pyt.load: f must be a file path in order to use the mmap argument")
        with open(f, "rb") as fh:
            return _load_from(fh, opts, mmap_path=os.fspath(f))
    if _is_path(f):
        with open(f, "rb", buffering=0) as fh:
            return _load_from(fh, opts)
    return _load_from(f, opts)


def _read_exact(fh, n, what):
    import numpy as np

    buf = np.empty(n, dtype=np.uint8)  # not zero-filled: every byte is read below
    view = memoryview(buf)
    got = 0
    while got < n:
        k = fh.readinto(view[got:]) if hasattr(fh, "readinto") else None
        if k is None:
            chunk = fh.read(n - got)
            k = len(chunk)
            view[got:got + k] = chunk
        if k == 0:
            raise _corrupt(f"unexpected end of file while reading {what}")
        got += k
    return buf


def _read_len_prefix(fh):
    raw_len = fh.read(8)
    if len(raw_len) == 0:
        raise EOFError("pyt.load: the file is empty (0 bytes)")  # as torch.load
    if len(raw_len) != 8:
        raise _corrupt("the file is shorter than the 8-byte header length")
    if raw_len[:4] == b"PK\x03\x04":
        raise RuntimeError(
            "pyt.load: this looks like a file written by torch.save (a zip archive of pickles). pyt.load "
            "reads safetensors files; in torch, export the weights with "
            "safetensors.torch.save_file(model.state_dict(), path) and load that file with pyt.load.")
    (header_len,) = struct.unpack("<Q", raw_len)
    if header_len > _MAX_HEADER_SIZE:
        raise _corrupt(f"header length {header_len} exceeds the limit of {_MAX_HEADER_SIZE}")
    return header_len


def _load_from(fh, opts, mmap_path=None):
    size = _file_size(fh)
    start = fh.tell() if size is not None else 0
    header_len = _read_len_prefix(fh)
    if size is not None:
        remaining = size - start - 8
        if header_len > remaining:
            raise _corrupt(
                f"header length {header_len} is larger than the rest of the file "
                f"({remaining} bytes)"
            )
    header_raw = _read_exact(fh, header_len, "the header").tobytes()
    if size is not None:
        data_size = size - start - 8 - header_len
        entries, metadata = _parse_header(header_raw, data_size)
        data_start = fh.tell()
        out = {}
        if mmap_path is not None and data_size > 0:
            import numpy as np

            # copy-on-write, as torch's default MAP_PRIVATE: tensors are writable, the file
            # is never modified; each tensor's array keeps the map alive.
            mm = np.memmap(mmap_path, dtype=np.uint8, mode="c", offset=0, shape=(size,))
            for name, code, shape, begin, end in entries:
                out[name] = _to_tensor(mm[data_start + begin:data_start + end], code, shape)
            return _rebuild(out, metadata, opts)
        for name, code, shape, begin, end in entries:
            if fh.tell() != data_start + begin:
                fh.seek(data_start + begin)
            buf = _read_exact(fh, end - begin, f"tensor {name!r}")
            out[name] = _to_tensor(buf, code, shape)
        fh.seek(data_start + max((e for *_, e in entries), default=0))
        return _rebuild(out, metadata, opts)
    # Not seekable: the data section's size is only known after reading it all.
    rest = fh.read()
    entries, metadata = _parse_header(header_raw, len(rest))
    mv = memoryview(rest)
    out = {
        name: _to_tensor(bytearray(mv[begin:end]), code, shape)
        for name, code, shape, begin, end in entries
    }
    return _rebuild(out, metadata, opts)


def _rebuild(tensors, metadata, opts):
    """The saved object: the flat dict, the nested structure of Note [Nested checkpoints], or
    the unpickled object of Note [Pickled objects]."""
    tensors = _restore_storages(tensors, metadata, opts[2])
    if not metadata:
        return tensors
    if metadata.get(_FORMAT_KEY) == "pickle":
        weights_only, pickle_module, _ = opts
        data = tensors.pop(_PICKLE_TENSOR, None)
        if data is None or data.dtype != pyt.uint8 or data.dim() != 1:
            raise _corrupt(f"a pickle checkpoint without its {_PICKLE_TENSOR!r} byte tensor")
        raw = data.numpy().tobytes()
        unpickler = _make_unpickler(raw, tensors, weights_only, pickle_module)
        try:
            return unpickler.load()
        except pickle.UnpicklingError:
            raise
        except (EOFError, ValueError, IndexError, KeyError, struct.error, MemoryError,
                RecursionError) as e:
            if weights_only:
                raise pickle.UnpicklingError(
                    f"pyt.load: invalid or corrupt pickle in the checkpoint ({type(e).__name__}: {e})"
                ) from None
            raise
    import json

    if _STRUCTURE_KEY not in metadata:
        if _ODICT_KEY in metadata:  # Note [State-dict metadata]
            try:
                odict_meta = json.loads(metadata[_ODICT_KEY])
            except (ValueError, RecursionError) as e:
                raise _corrupt(f"the {_ODICT_KEY} metadata is not valid JSON ({e})") from None
            out = _apply_grad_flags(OrderedDict(tensors), metadata)
            if odict_meta is not None:
                out._metadata = _decode_odict_metadata(odict_meta)
            return out
        return _apply_grad_flags(tensors, metadata)

    try:
        structure = json.loads(metadata[_STRUCTURE_KEY])
    except (ValueError, RecursionError) as e:
        raise _corrupt(f"the structure metadata is not valid JSON ({e})") from None
    return _decode(structure, tensors)


def _contiguous_strides(shape):
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return strides[::-1]


def _to_tensor(buf, code, shape):
    import numpy as np

    name, np_dtype, _ = _CODES[code]
    a = np.frombuffer(buf, dtype=np_dtype) if not isinstance(buf, np.ndarray) else buf.view(np_dtype)
    if sys.byteorder == "big" and a.dtype.byteorder not in ("|", "="):
        a = a.astype(a.dtype.newbyteorder("="))
    if code == "BF16":
        if sys.byteorder == "big":
            f32 = (a.astype(np.uint32) << 16).view(np.float32)
            return pyt.from_numpy(f32).to(pyt.bfloat16).reshape(shape)
        # the stored bits are bfloat16's: reinterpret them in place (no copy, keeps mmap)
        return _C._tensor_on_storage(pyt.from_numpy(a.view(np.int16)), pyt.bfloat16, list(shape),
                                     _contiguous_strides(shape), 0)
    return pyt.from_numpy(a.reshape(shape))


def _restore_storages(tensors, metadata, map_fn):
    """Apply a callable map_location to every stored storage, then rebuild the views of Note
    [Shared storages] (validated against their entry's bytes) in the saved order."""
    pickled = bool(metadata) and metadata.get(_FORMAT_KEY) == "pickle"
    if map_fn is not None:
        for name, t in list(tensors.items()):
            if pickled and name == _PICKLE_TENSOR:
                continue  # the pickle's bytes are not a tensor storage
            nbytes = t.numel() * t.element_size()
            storage = _C._tensor_on_storage(t, pyt.uint8, [nbytes], [1], 0)
            mapped = map_fn(storage)
            if mapped is not storage:
                tensors[name] = _C._tensor_on_storage(mapped, t.dtype, list(t.shape),
                                                      _contiguous_strides(t.shape), 0)
    spec = _metadata_json(metadata, _VIEWS_KEY)
    if spec is None:
        return tensors
    if (not isinstance(spec, dict) or not isinstance(spec.get("order"), list)
            or not isinstance(spec.get("views"), dict)
            or not all(isinstance(n, str) for n in spec["order"])):
        raise _corrupt(f"the {_VIEWS_KEY} metadata is malformed")

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool) and -(2**63) <= v < 2**63

    views = {}
    for name, v in spec["views"].items():
        if name in tensors:
            raise _corrupt(f"view {name!r} has the name of a stored tensor")
        if not (isinstance(v, list) and len(v) == 5 and isinstance(v[0], str) and v[1] in _CODES
                and isinstance(v[2], list) and isinstance(v[3], list) and len(v[2]) == len(v[3])
                and len(v[2]) <= 64 and all(is_int(n) and n >= 0 for n in v[2])
                and all(is_int(n) and n >= 0 for n in v[3]) and is_int(v[4]) and v[4] >= 0):
            raise _corrupt(f"view {name!r} has a malformed description {v!r}")
        entry, code, shape, strides, offset = v
        if entry not in tensors or (pickled and entry == _PICKLE_TENSOR):
            raise _corrupt(f"view {name!r} refers to a missing tensor {entry!r}")
        try:
            views[name] = _C._tensor_on_storage(tensors[entry], getattr(pyt, _CODES[code][0]),
                                                shape, strides, offset)
        except (RuntimeError, OverflowError) as e:
            raise _corrupt(f"view {name!r} of {entry!r} is out of bounds ({e})") from None
    out = {}
    for name in spec["order"]:
        t = views.get(name, tensors.get(name))
        if t is None:
            raise _corrupt(f"the saved order names a missing tensor {name!r}")
        out[name] = t
    if pickled and _PICKLE_TENSOR in tensors:
        out[_PICKLE_TENSOR] = tensors[_PICKLE_TENSOR]
    return out
