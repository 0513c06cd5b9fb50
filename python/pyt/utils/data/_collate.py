"""``default_collate`` and ``default_convert`` (torch/utils/data/_utils/collate.py)."""

import collections.abc
import copy
import re
import sys

import pyt
from pyt import _C

__all__ = ["default_collate", "default_convert"]

_np_str_obj_array_pattern = re.compile(r"[SaUO]")

default_collate_err_msg_format = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, "
    "dicts or lists; found {}"
)


def _numpy():
    # numpy is only imported by users who have numpy data: if it is not loaded yet, no sample
    # can be a numpy object, and `import pyt` stays free of numpy's import cost.
    return sys.modules.get("numpy")


def default_convert(data):
    """Convert numpy arrays (and numpy scalars) in ``data`` to tensors, recursively.

    Used by ``DataLoader`` when automatic batching is off (``batch_size=None``).

    Args:
        data: a sample: a numpy array, a mapping, a (named) tuple, a sequence, or anything.

    Returns:
        The same structure with numpy arrays turned into tensors (other leaves unchanged).

    Raises:
        Nothing.

    Source: ``torch.utils.data.default_convert``.

    Example::

        >>> pyt.utils.data.default_convert(np.array([1, 2]))
        tensor([1, 2])
    """
    elem_type = type(data)
    if isinstance(data, _C.Tensor):
        return data
    np = _numpy()
    if np is not None and isinstance(data, np.ndarray):
        if _np_str_obj_array_pattern.search(data.dtype.str) is not None:
            return data
        return pyt.as_tensor(data)
    if np is not None and isinstance(data, (np.bool_, np.number)):
        return pyt.as_tensor(np.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return elem_type({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for i, d in enumerate(data):
                    clone[i] = default_convert(d)
                return clone
            return elem_type([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data


def _collate_tensors(batch):
    return pyt.stack(list(batch), 0)


def default_collate(batch):
    """Merge a list of samples into a batch, as torch does.

    Tensors are stacked along a new dim 0; numpy arrays become tensors and are stacked;
    Python floats become a ``float64`` tensor, ints an ``int64`` tensor (bools a ``bool``
    tensor); strings and bytes stay a list; mappings are collated per key; namedtuples per
    field; other sequences (all of the same length) are transposed and collated per
    position (tuples come back as lists, like torch).

    Args:
        batch (list): the samples, e.g. ``[(x0, y0), (x1, y1)]`` with ``x_i`` of shape ``(*)``.

    Returns:
        The batch, e.g. ``[X, Y]`` with ``X`` of shape ``(B, *)``.

    Raises:
        TypeError: an element type that cannot be collated (torch's message).
        RuntimeError: sequences of different lengths, or tensors of different shapes.

    Source: ``torch.utils.data.default_collate``.

    Example::

        >>> pyt.utils.data.default_collate([(pyt.zeros(2), 0), (pyt.ones(2), 1)])
        [tensor([[0., 0.],
                [1., 1.]]), tensor([0, 1])]
    """
    elem = batch[0]
    elem_type = type(elem)
    if isinstance(elem, _C.Tensor):
        return _collate_tensors(batch)
    np = _numpy()
    if np is not None and isinstance(elem, np.ndarray):
        if _np_str_obj_array_pattern.search(elem.dtype.str) is not None:
            raise TypeError(default_collate_err_msg_format.format(elem.dtype))
        return default_collate([pyt.as_tensor(b) for b in batch])
    if np is not None and isinstance(elem, (np.bool_, np.number, np.object_)):
        return pyt.as_tensor(np.asarray(list(batch)))
    if isinstance(elem, float):
        return pyt.tensor(list(batch), dtype=pyt.float64)
    if isinstance(elem, int):
        return pyt.tensor(list(batch))
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update({key: default_collate([d[key] for d in batch]) for key in elem})
                return clone
            return elem_type({key: default_collate([d[key] for d in batch]) for key in elem})
        except TypeError:
            return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return elem_type(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        if isinstance(elem, tuple):
            return [default_collate(samples) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, samples in enumerate(transposed):
                    clone[i] = default_collate(samples)
                return clone
            return elem_type([default_collate(samples) for samples in transposed])
        except TypeError:
            return [default_collate(samples) for samples in transposed]
    raise TypeError(default_collate_err_msg_format.format(elem_type))
