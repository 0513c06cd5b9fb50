"""``pyt.save`` / ``pyt.load``: tensors in the safetensors format, never pickle.

File layout (https://github.com/huggingface/safetensors): an 8-byte little-endian unsigned
header length ``N``; ``N`` bytes of UTF-8 JSON mapping each tensor name to
``{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}`` (offsets relative to the
data section) plus an optional ``"__metadata__"`` dict of str -> str; then the data section,
each tensor's bytes contiguous, row-major and little-endian. pyt pads the header with spaces
to a multiple of 8 bytes (as the safetensors library does) and writes the tensors back to
back in the dict's order.

Loading never executes code from the file, and every size and offset is validated against
the file's real size before any tensor memory is allocated.
"""

import os
import stat
import struct
import sys
from collections.abc import Mapping

import pyt
from pyt import _C

__all__ = ["save", "load"]

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
        raise TypeError(
            "pyt.save: only a flat dict (or OrderedDict) mapping str to Tensor can be saved "
            f"for now (e.g. model.state_dict()); got {type(obj).__name__}. Nested containers "
            "and other objects are not supported yet."
        )
    for k, v in obj.items():
        if not isinstance(k, str):
            raise TypeError(
                f"pyt.save: dict keys must be str, got key {k!r} of type {type(k).__name__}"
            )
        if k == "__metadata__":
            raise ValueError("pyt.save: the key '__metadata__' is reserved by the file format")
        if not isinstance(v, _C.Tensor):
            raise TypeError(
                "pyt.save: only a flat dict mapping str to Tensor can be saved for now; "
                f"the value of key {k!r} is a {type(v).__name__}. Nested containers and "
                "non-tensor values are not supported yet."
            )


def _tensor_bytes(t):
    """Little-endian, C-contiguous bytes of a tensor (and its safetensors dtype code)."""
    import numpy as np

    t = t.detach()
    code = _dtype_to_code().get(t.dtype)
    if code is None:
        raise TypeError(f"pyt.save: dtype {t.dtype} cannot be stored in safetensors")
    if code == "BF16":
        # numpy has no bfloat16: widen exactly to float32 and keep the high 16 bits.
        a = np.ascontiguousarray(t.to(pyt.float32).numpy()).view(np.uint32)
        a = (a >> 16).astype("<u2")
    else:
        a = np.ascontiguousarray(t.numpy()).astype(_CODES[code][1], copy=False)
    return code, a.tobytes(order="C")


# Note [Nested checkpoints]: anything but a flat dict of str -> Tensor is stored as the same
# safetensors file with its tensors named "0", "1", ... and the container structure as JSON
# in __metadata__["pyt.structure"]. The JSON has a fixed vocabulary (dict, list, tuple, str,
# int, float, bool, None, bytes, tensor, ndarray): loading rebuilds exactly these and nothing
# else, so a file cannot make pyt.load construct arbitrary objects or run code.
_STRUCTURE_KEY = "pyt.structure"


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
        if obj.dtype.kind not in "biuf":
            raise TypeError(f"pyt.save: numpy array of dtype {obj.dtype} at {path} cannot be stored")
        name = str(len(tensors))
        tensors.append(pyt.from_numpy(np.ascontiguousarray(obj)))
        return {"t": "ndarray", "name": name}
    if obj is None:
        return {"t": "none"}
    if isinstance(obj, bool):
        return {"t": "bool", "v": obj}
    if isinstance(obj, int):
        return {"t": "int", "v": str(obj)}  # as text: JSON readers may not keep big ints exact
    if isinstance(obj, float):
        return {"t": "float", "v": repr(obj) if not math.isfinite(obj) else obj}
    if isinstance(obj, str):
        return {"t": "str", "v": obj}
    if isinstance(obj, (bytes, bytearray)):
        import base64

        return {"t": "bytes", "v": base64.b64encode(bytes(obj)).decode("ascii")}
    if isinstance(obj, Mapping):
        kind = "odict" if type(obj).__name__ == "OrderedDict" else "dict"
        return {"t": kind, "k": [_encode(k, tensors, seen, f"{path} key") for k in obj.keys()],
                "v": [_encode(v, tensors, seen, f"{path}[{k!r}]") for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {"t": kind, "v": [_encode(v, tensors, seen, f"{path}[{i}]") for i, v in enumerate(obj)]}
    raise TypeError(
        f"pyt.save: cannot store {type(obj).__name__} at {path}: pyt checkpoints hold tensors, numpy "
        "arrays, numbers, strings, bytes, None and dicts/lists/tuples of them (saving arbitrary Python "
        "objects by pickling is not supported yet)")


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

            return OrderedDict(zip(keys, vals))
        return dict(zip(keys, vals))
    if t in ("list", "tuple"):
        items = [_decode(v, tensors, depth + 1) for v in node["v"]]
        return items if t == "list" else tuple(items)
    raise _corrupt(f"unknown structure entry type {t!r}")


def save(obj, f, metadata=None):
    """Save tensors, or a nested checkpoint of them, to a safetensors file (torch.save).

    A flat dict of str -> Tensor (``model.state_dict()``) becomes a plain safetensors file.
    Anything else (dicts with other keys, lists, tuples, numbers, strings, bytes, None, numpy
    arrays, e.g. ``{"model": ..., "optimizer": opt.state_dict(), "epoch": 3}``) is stored as
    its tensors plus the structure as JSON in the metadata (Note [Nested checkpoints]). A path
    target is written atomically (temporary file, fsync, rename).

    Args:
        obj: the tensors (any shapes; dtypes float64, float32, float16, bfloat16, int64,
            int32, int16, int8, uint8 or bool) or a nested container of them. Tensors are
            saved detached (requires_grad is recorded for nested checkpoints); views are
            saved as contiguous copies; a tensor that appears twice is stored once.
        f (str, os.PathLike or binary file object): destination; a file object must be
            open for writing in binary mode.
        metadata (Mapping[str, str], optional): stored in the header's ``__metadata__``
            (a pyt extension of ``torch.save``'s signature).

    Returns:
        None.

    Raises:
        TypeError: ``obj`` holds an object pyt cannot store (functions, sets, custom
            classes: pickling is not supported), metadata is not str -> str, or a dtype has
            no safetensors code.

    Source: ``torch.save`` (signature) and the safetensors format specification.

    Example::

        >>> pyt.save(model.state_dict(), "model.safetensors")
        >>> model.load_state_dict(pyt.load("model.safetensors"))
    """
    import json

    if not _is_flat_tensor_dict(obj):
        # Nested containers: tensors "0", "1", ... plus the structure (Note [Nested checkpoints]).
        tensors = []
        structure = _encode(obj, tensors, {})
        meta = dict(metadata or {})
        meta[_STRUCTURE_KEY] = json.dumps(structure, separators=(",", ":"))
        return _save_flat({str(i): t for i, t in enumerate(tensors)}, f, meta)
    return _save_flat(obj, f, metadata)


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
    chunks = []
    offset = 0
    for name, t in obj.items():
        code, data = _tensor_bytes(t)
        header[name] = {
            "dtype": code,
            "shape": [int(s) for s in t.shape],
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    prefix = struct.pack("<Q", len(header_bytes))
    if _is_path(f):
        _atomic_write(os.fspath(f), prefix, header_bytes, chunks)
    else:
        _write_all(f, prefix, header_bytes, chunks)


def _atomic_write(path, prefix, header_bytes, chunks):
    # A temporary file in the same folder, flushed and fsynced, then renamed over the target:
    # a crash or kill mid-save never leaves a partial file at `path`.
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".pyt-save-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, prefix, header_bytes, chunks)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_all(fh, prefix, header_bytes, chunks):
    fh.write(prefix)
    fh.write(header_bytes)
    for c in chunks:
        fh.write(c)


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


def _resolve_map_location(map_location):
    if map_location is None:
        return
    if isinstance(map_location, dict):
        targets = set(map_location.values())
    else:
        targets = {map_location}
    for target in targets:
        if callable(target) and not isinstance(target, (str, pyt.device)):
            raise TypeError("pyt.load: a callable map_location is not supported")
        dev = str(target) if not isinstance(target, pyt.device) else target.type
        if dev.split(":")[0] != "cpu":
            raise RuntimeError(
                f"pyt.load: map_location={map_location!r} is not available; pyt only has the "
                "'cpu' device"
            )


def load(f, map_location=None, weights_only=True, mmap=None):
    """Load what :func:`save` wrote, or a safetensors file written by another library.

    The header is parsed and every entry validated (header length within the file, known
    dtype codes, offsets inside the data section, byte sizes equal ``numel * itemsize``, no
    two tensors overlapping) before any tensor is allocated. Nothing in the file can run
    code.

    Args:
        f (str, os.PathLike or binary file object): the source; a file object must be open
            for reading in binary mode (seekable or not).
        map_location (str, pyt.device or dict, optional): only ``"cpu"`` targets are valid
            (pyt is CPU-only).
        weights_only (bool): accepted for torch compatibility; the format only ever holds
            tensors, so loading is always weights-only.
        mmap (bool, optional): accepted and ignored.

    Returns:
        dict[str, Tensor] for a plain safetensors file (header order, each tensor owning its
        memory), or the nested object a pyt checkpoint was saved from.

    Raises:
        RuntimeError: the file is truncated, corrupt or uses an unsupported dtype (message
            starts with "pyt.load: invalid or corrupt safetensors file"), or map_location
            names a device other than cpu.
        TypeError: a callable map_location.
        FileNotFoundError: the path does not exist.

    Source: ``torch.load`` (signature) and the safetensors format specification.

    Example::

        >>> sd = pyt.load("model.safetensors")
        >>> model.load_state_dict(sd)
    """
    _resolve_map_location(map_location)
    if _is_path(f):
        with open(f, "rb") as fh:
            return _load_from(fh)
    return _load_from(f)


def _read_exact(fh, n, what):
    buf = bytearray(n)
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


def _load_from(fh):
    size = _file_size(fh)
    start = fh.tell() if size is not None else 0
    raw_len = fh.read(8)
    if len(raw_len) != 8:
        raise _corrupt("the file is shorter than the 8-byte header length")
    if raw_len[:4] == b"PK\x03\x04":
        raise RuntimeError(
            "pyt.load: this looks like a file written by torch.save (a zip archive of pickles). pyt.load "
            "reads safetensors files and never unpickles; in torch, export the weights with "
            "safetensors.torch.save_file(model.state_dict(), path) and load that file with pyt.load.")
    (header_len,) = struct.unpack("<Q", raw_len)
    if header_len > _MAX_HEADER_SIZE:
        raise _corrupt(f"header length {header_len} exceeds the limit of {_MAX_HEADER_SIZE}")
    if size is not None:
        remaining = size - start - 8
        if header_len > remaining:
            raise _corrupt(
                f"header length {header_len} is larger than the rest of the file "
                f"({remaining} bytes)"
            )
    header_raw = bytes(_read_exact(fh, header_len, "the header"))
    if size is not None:
        data_size = size - start - 8 - header_len
        entries, metadata = _parse_header(header_raw, data_size)
        data_start = fh.tell()
        out = {}
        for name, code, shape, begin, end in entries:
            fh.seek(data_start + begin)
            buf = _read_exact(fh, end - begin, f"tensor {name!r}")
            out[name] = _to_tensor(buf, code, shape)
        fh.seek(data_start + max((e for *_, e in entries), default=0))
        return _rebuild(out, metadata)
    # Not seekable: the data section's size is only known after reading it all.
    rest = fh.read()
    entries, metadata = _parse_header(header_raw, len(rest))
    mv = memoryview(rest)
    out = {
        name: _to_tensor(bytearray(mv[begin:end]), code, shape)
        for name, code, shape, begin, end in entries
    }
    return _rebuild(out, metadata)


def _rebuild(tensors, metadata):
    """The saved object: the flat dict, or the nested structure of Note [Nested checkpoints]."""
    if not metadata or _STRUCTURE_KEY not in metadata:
        return tensors
    import json

    try:
        structure = json.loads(metadata[_STRUCTURE_KEY])
    except (ValueError, RecursionError) as e:
        raise _corrupt(f"the structure metadata is not valid JSON ({e})") from None
    return _decode(structure, tensors)


def _to_tensor(buf, code, shape):
    import numpy as np

    name, np_dtype, _ = _CODES[code]
    a = np.frombuffer(buf, dtype=np_dtype)
    if sys.byteorder == "big" and a.dtype.byteorder not in ("|", "="):
        a = a.astype(a.dtype.newbyteorder("="))
    if code == "BF16":
        f32 = (a.astype(np.uint32) << 16).view(np.float32).reshape(shape)
        return pyt.from_numpy(np.ascontiguousarray(f32)).to(pyt.bfloat16)
    return pyt.from_numpy(a.reshape(shape))
