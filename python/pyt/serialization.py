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


def save(obj, f, metadata=None):
    """Save a flat dict of tensors (e.g. ``model.state_dict()``) to a safetensors file.

    Args:
        obj (Mapping[str, Tensor]): the tensors, any shapes; dtypes float64, float32,
            float16, bfloat16, int64, int32, int16, int8, uint8 or bool. Tensors that
            require grad are saved detached; views are saved as contiguous copies.
        f (str, os.PathLike or binary file object): destination; a file object must be
            open for writing in binary mode.
        metadata (Mapping[str, str], optional): stored in the header's ``__metadata__``
            (a pyt extension of ``torch.save``'s signature).

    Returns:
        None.

    Raises:
        TypeError: ``obj`` is not a flat mapping of str to Tensor (nested containers are not
            supported yet), metadata is not str -> str, or a dtype has no safetensors code.
        ValueError: a key is ``"__metadata__"``.

    Source: ``torch.save`` (signature) and the safetensors format specification.

    Example::

        >>> pyt.save(model.state_dict(), "model.safetensors")
        >>> model.load_state_dict(pyt.load("model.safetensors"))
    """
    import json

    _check_obj(obj)
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
        with open(f, "wb") as fh:
            _write_all(fh, prefix, header_bytes, chunks)
    else:
        _write_all(f, prefix, header_bytes, chunks)


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
    """Load a dict of tensors saved by :func:`save` or by the safetensors library.

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
        dict[str, Tensor]: the tensors, in the header's order, each owning its memory.

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
        entries, _ = _parse_header(header_raw, data_size)
        data_start = fh.tell()
        out = {}
        for name, code, shape, begin, end in entries:
            fh.seek(data_start + begin)
            buf = _read_exact(fh, end - begin, f"tensor {name!r}")
            out[name] = _to_tensor(buf, code, shape)
        fh.seek(data_start + max((e for *_, e in entries), default=0))
        return out
    # Not seekable: the data section's size is only known after reading it all.
    rest = fh.read()
    entries, _ = _parse_header(header_raw, len(rest))
    mv = memoryview(rest)
    return {
        name: _to_tensor(bytearray(mv[begin:end]), code, shape)
        for name, code, shape, begin, end in entries
    }


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
