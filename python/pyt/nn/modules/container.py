"""Containers: ``Sequential``, ``ModuleList``, ``ModuleDict``, ``ParameterList``,
``ParameterDict`` (torch/nn/modules/container.py)."""

import operator
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from itertools import chain, islice

from pyt import _C
from pyt.nn.modules.module import Module, _addindent
from pyt.nn.parameter import Parameter

__all__ = ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]


class Sequential(Module):
    """A chain of modules called in order: the output of one is the input of the next.

    Built from modules given positionally (named ``"0"``, ``"1"``, ...) or from one
    ``OrderedDict`` of name -> module. Supports ``len``, iteration, indexing (negative too),
    slicing (returns a ``Sequential``), ``append``/``insert``/``extend``/``pop``, ``+`` and
    ``del``.

    Args:
        *args (Module): the modules, or a single ``OrderedDict[str, Module]``.

    Returns:
        Sequential: its forward maps ``input`` (whatever the first module takes) through all.

    Raises:
        TypeError: an argument is not a Module.
        IndexError: an index is out of range.

    Source: ``torch.nn.Sequential``.

    Example::

        >>> net = pyt.nn.Sequential(pyt.nn.Linear(4, 8), pyt.nn.ReLU(), pyt.nn.Linear(8, 2))
        >>> net(pyt.randn(3, 4)).shape
        pyt.Size([3, 2])
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def _get_item_by_idx(self, iterator, idx):
        size = len(self)
        idx = operator.index(idx)
        if not -size <= idx < size:
            raise IndexError(f"index {idx} is out of range")
        idx %= size
        return next(islice(iterator, idx, None))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(OrderedDict(list(self._modules.items())[idx]))
        return self._get_item_by_idx(self._modules.values(), idx)

    def __setitem__(self, idx, module):
        key = self._get_item_by_idx(self._modules.keys(), idx)
        return setattr(self, key, module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for key in list(self._modules.keys())[idx]:
                delattr(self, key)
        else:
            key = self._get_item_by_idx(self._modules.keys(), idx)
            delattr(self, key)
        str_indices = [str(i) for i in range(len(self._modules))]
        self._modules = OrderedDict(zip(str_indices, self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __add__(self, other):
        if isinstance(other, Sequential):
            ret = Sequential()
            for layer in self:
                ret.append(layer)
            for layer in other:
                ret.append(layer)
            return ret
        raise ValueError(
            "add operator supports only objects "
            f"of Sequential class, but {str(type(other))} is given."
        )

    def __iadd__(self, other):
        if isinstance(other, Sequential):
            offset = len(self)
            for i, module in enumerate(other):
                self.add_module(str(i + offset), module)
            return self
        raise ValueError(
            "add operator supports only objects "
            f"of Sequential class, but {str(type(other))} is given."
        )

    def pop(self, key):
        """Remove and return the module at index ``key``.

        Args:
            key (int or slice): index.

        Returns:
            Module: the removed module.

        Raises:
            IndexError: out of range.

        Source: ``torch.nn.Sequential.pop``.

        Example::

            >>> pyt.nn.Sequential(pyt.nn.ReLU()).pop(0)
            ReLU()
        """
        v = self[key]
        del self[key]
        return v

    def __dir__(self):
        return [key for key in super().__dir__() if not key.isdigit()]

    def __iter__(self):
        return iter(self._modules.values())

    def forward(self, input):
        """Call each module on the output of the previous one.

        Args:
            input: the first module's input (e.g. a Tensor of shape ``(N, *)``).

        Returns:
            The last module's output.

        Raises:
            Whatever a module raises.

        Source: ``torch.nn.Sequential.forward``.

        Example::

            >>> pyt.nn.Sequential(pyt.nn.ReLU())(pyt.tensor([-1., 2.]))
            tensor([0., 2.])
        """
        for module in self:
            input = module(input)
        return input

    def append(self, module):
        """Append a module at the end.

        Args:
            module (Module): the module.

        Returns:
            Sequential: self.

        Raises:
            TypeError: not a Module.

        Source: ``torch.nn.Sequential.append``.

        Example::

            >>> len(pyt.nn.Sequential().append(pyt.nn.ReLU()))
            1
        """
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index, module):
        """Insert a module before position ``index``.

        Args:
            index (int): position, ``-len <= index <= len``.
            module (Module): the module.

        Returns:
            Sequential: self.

        Raises:
            AssertionError: ``module`` is not a Module (as torch).
            IndexError: ``index`` out of range.

        Source: ``torch.nn.Sequential.insert``.

        Example::

            >>> pyt.nn.Sequential(pyt.nn.ReLU()).insert(0, pyt.nn.Identity())[0]
            Identity()
        """
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        n = len(self._modules)
        if not (-n <= index <= n):
            raise IndexError(f"Index out of range: {index}")
        if index < 0:
            index += n
        for i in range(n, index, -1):
            self._modules[str(i)] = self._modules[str(i - 1)]
        self._modules[str(index)] = module
        return self

    def extend(self, sequential):
        """Append every module of an iterable.

        Args:
            sequential (Iterable[Module]): modules to append.

        Returns:
            Sequential: self.

        Raises:
            TypeError: an element is not a Module.

        Source: ``torch.nn.Sequential.extend``.

        Example::

            >>> len(pyt.nn.Sequential().extend([pyt.nn.ReLU(), pyt.nn.ReLU()]))
            2
        """
        for layer in sequential:
            self.append(layer)
        return self


class ModuleList(Module):
    """A list of modules, registered as children (so their parameters are found).

    Args:
        modules (Iterable[Module], optional): initial modules.

    Returns:
        ModuleList: indexable (int or slice), iterable, with ``append``/``extend``/``insert``.

    Raises:
        TypeError: ``extend`` with a non-iterable or a non-Module element.
        IndexError: an index out of range.

    Source: ``torch.nn.ModuleList``.

    Example::

        >>> layers = pyt.nn.ModuleList([pyt.nn.Linear(2, 2) for _ in range(3)])
        >>> len(list(layers.parameters()))
        6
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self += modules

    def _get_abs_string_index(self, idx):
        idx = operator.index(idx)
        if not (-len(self) <= idx < len(self)):
            raise IndexError(f"index {idx} is out of range")
        if idx < 0:
            idx += len(self)
        return str(idx)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(list(self._modules.values())[idx])
        return self._modules[self._get_abs_string_index(idx)]

    def __setitem__(self, idx, module):
        idx = self._get_abs_string_index(idx)
        return setattr(self, str(idx), module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for k in range(len(self._modules))[idx]:
                delattr(self, str(k))
        else:
            delattr(self, self._get_abs_string_index(idx))
        str_indices = [str(i) for i in range(len(self._modules))]
        self._modules = OrderedDict(zip(str_indices, self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        combined = ModuleList()
        for i, module in enumerate(chain(self, other)):
            combined.add_module(str(i), module)
        return combined

    def __repr__(self):
        list_of_reprs = [repr(item) for item in self]
        if len(list_of_reprs) == 0:
            return self._get_name() + "()"
        start_end_indices = [[0, 0]]
        repeated_blocks = [list_of_reprs[0]]
        for i, r in enumerate(list_of_reprs[1:], 1):
            if r == repeated_blocks[-1]:
                start_end_indices[-1][1] += 1
                continue
            start_end_indices.append([i, i])
            repeated_blocks.append(r)
        lines = []
        main_str = self._get_name() + "("
        for (start_id, end_id), b in zip(start_end_indices, repeated_blocks):
            local_repr = f"({start_id}): {b}"
            if start_id != end_id:
                n = end_id - start_id + 1
                local_repr = f"({start_id}-{end_id}): {n} x {b}"
            lines.append(_addindent(local_repr, 2))
        main_str += "\n  " + "\n  ".join(lines) + "\n"
        main_str += ")"
        return main_str

    def __dir__(self):
        return [key for key in super().__dir__() if not key.isdigit()]

    def insert(self, index, module):
        """Insert a module before position ``index``.

        Args:
            index (int): position.
            module (Module): the module.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.ModuleList.insert``.

        Example::

            >>> ml = pyt.nn.ModuleList([pyt.nn.ReLU()]); ml.insert(0, pyt.nn.Identity())
        """
        for i in range(len(self._modules), index, -1):
            self._modules[str(i)] = self._modules[str(i - 1)]
        self._modules[str(index)] = module

    def append(self, module):
        """Append a module.

        Args:
            module (Module): the module.

        Returns:
            ModuleList: self.

        Raises:
            TypeError: not a Module.

        Source: ``torch.nn.ModuleList.append``.

        Example::

            >>> len(pyt.nn.ModuleList().append(pyt.nn.ReLU()))
            1
        """
        self.add_module(str(len(self)), module)
        return self

    def pop(self, key):
        """Remove and return the module at ``key``.

        Args:
            key (int or slice): index.

        Returns:
            Module: the removed module.

        Raises:
            IndexError: out of range.

        Source: ``torch.nn.ModuleList.pop``.

        Example::

            >>> pyt.nn.ModuleList([pyt.nn.ReLU()]).pop(0)
            ReLU()
        """
        v = self[key]
        del self[key]
        return v

    def extend(self, modules):
        """Append the modules of an iterable.

        Args:
            modules (Iterable[Module]): modules to append.

        Returns:
            ModuleList: self.

        Raises:
            TypeError: ``modules`` is not iterable, or an element is not a Module.

        Source: ``torch.nn.ModuleList.extend``.

        Example::

            >>> len(pyt.nn.ModuleList().extend([pyt.nn.ReLU()]))
            1
        """
        if not isinstance(modules, Iterable):
            raise TypeError(
                "ModuleList.extend should be called with an "
                "iterable, but got " + type(modules).__name__
            )
        offset = len(self)
        for i, module in enumerate(modules):
            self.add_module(str(offset + i), module)
        return self


class ModuleDict(Module):
    """A dict of modules, registered as children, keeping insertion order.

    Args:
        modules (Mapping[str, Module] or iterable of (str, Module), optional): initial items.

    Returns:
        ModuleDict: supports ``[]``, ``in``, ``len``, iteration over keys, ``keys``,
        ``items``, ``values``, ``update``, ``pop``, ``clear``.

    Raises:
        TypeError: ``update`` with something that is not a mapping or iterable of pairs.

    Source: ``torch.nn.ModuleDict``.

    Example::

        >>> d = pyt.nn.ModuleDict({"act": pyt.nn.ReLU()})
        >>> d["act"]
        ReLU()
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def clear(self):
        """Remove all items.

        Args:
            None.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.ModuleDict.clear``.

        Example::

            >>> d = pyt.nn.ModuleDict({"a": pyt.nn.ReLU()}); d.clear(); len(d)
            0
        """
        self._modules.clear()

    def pop(self, key):
        """Remove and return the module under ``key``.

        Args:
            key (str): the key.

        Returns:
            Module.

        Raises:
            KeyError: missing key.

        Source: ``torch.nn.ModuleDict.pop``.

        Example::

            >>> pyt.nn.ModuleDict({"a": pyt.nn.ReLU()}).pop("a")
            ReLU()
        """
        v = self[key]
        del self[key]
        return v

    def keys(self):
        """Return the keys (str), in insertion order.

        Args:
            None.

        Returns:
            KeysView[str].

        Raises:
            Nothing.

        Source: ``torch.nn.ModuleDict.keys``.

        Example::

            >>> list(pyt.nn.ModuleDict({"a": pyt.nn.ReLU()}).keys())
            ['a']
        """
        return self._modules.keys()

    def items(self):
        """Return the ``(key, module)`` pairs.

        Args:
            None.

        Returns:
            ItemsView[str, Module].

        Raises:
            Nothing.

        Source: ``torch.nn.ModuleDict.items``.

        Example::

            >>> [k for k, _ in pyt.nn.ModuleDict({"a": pyt.nn.ReLU()}).items()]
            ['a']
        """
        return self._modules.items()

    def values(self):
        """Return the modules.

        Args:
            None.

        Returns:
            ValuesView[Module].

        Raises:
            Nothing.

        Source: ``torch.nn.ModuleDict.values``.

        Example::

            >>> list(pyt.nn.ModuleDict({"a": pyt.nn.ReLU()}).values())
            [ReLU()]
        """
        return self._modules.values()

    def update(self, modules):
        """Add or replace items from a mapping or an iterable of ``(key, module)`` pairs.

        Args:
            modules (Mapping[str, Module] or Iterable[tuple[str, Module]]): the items.

        Returns:
            None.

        Raises:
            TypeError: not a mapping/iterable, or an element is not a pair.
            ValueError: an element has a length other than 2.

        Source: ``torch.nn.ModuleDict.update``.

        Example::

            >>> d = pyt.nn.ModuleDict(); d.update([("a", pyt.nn.ReLU())]); len(d)
            1
        """
        if not isinstance(modules, Iterable):
            raise TypeError(
                "ModuleDict.update should be called with an "
                "iterable of key/value pairs, but got " + type(modules).__name__
            )
        if isinstance(modules, (OrderedDict, ModuleDict, Mapping)):
            for key, module in modules.items():
                self[key] = module
        else:
            for j, m in enumerate(modules):
                if not isinstance(m, Iterable):
                    raise TypeError(
                        "ModuleDict update sequence element #" + str(j) + " should be "
                        "Iterable; is" + type(m).__name__
                    )
                if not len(m) == 2:
                    raise ValueError(
                        "ModuleDict update sequence element #" + str(j) + " has length "
                        + str(len(m)) + "; 2 is required"
                    )
                self[m[0]] = m[1]


def _param_line(k, p, typename=False):
    # ParameterList prints the dtype, ParameterDict the legacy type name, as torch does.
    if isinstance(p, _C.Tensor):
        size_str = "x".join(str(size) for size in p.shape)
        kind = "Parameter" if isinstance(p, Parameter) else "Tensor"
        what = p.type() if typename else p.dtype
        return f"  ({k}): {kind} containing: [{what} of size {size_str}]"
    return f"  ({k}): Object of type: {type(p).__name__}"


class ParameterList(Module):
    """A list of parameters, registered so that ``parameters()`` and ``state_dict`` see them.

    Tensors added (constructor, ``append``, ``extend``, ``[i] =``) are wrapped in
    :class:`Parameter`; other objects are stored as they are. Keys are ``"0"``, ``"1"``...

    Args:
        values (Iterable, optional): initial elements.

    Returns:
        ParameterList: indexable (int or slice), iterable, ``len``; not callable.

    Raises:
        TypeError: ``extend`` with a non-iterable (or a Tensor).
        IndexError: an index out of range.
        RuntimeError: when called.

    Source: ``torch.nn.ParameterList``.

    Example::

        >>> pl = pyt.nn.ParameterList([pyt.ones(2), pyt.zeros(3)])
        >>> [tuple(p.shape) for p in pl.parameters()]
        [(2,), (3,)]
    """

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _get_abs_string_index(self, idx):
        idx = operator.index(idx)
        if not (-len(self) <= idx < len(self)):
            raise IndexError(f"index {idx} is out of range")
        if idx < 0:
            idx += len(self)
        return str(idx)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            start, stop, step = idx.indices(len(self))
            out = self.__class__()
            for i in range(start, stop, step):
                out.append(self[i])
            return out
        return getattr(self, self._get_abs_string_index(idx))

    def __setitem__(self, idx, param):
        idx = self._get_abs_string_index(idx)
        if isinstance(param, _C.Tensor) and not isinstance(param, Parameter):
            param = Parameter(param)
        return setattr(self, str(idx), param)

    def __len__(self):
        return self._size

    def __iter__(self):
        return iter(self[i] for i in range(len(self)))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def __dir__(self):
        return [key for key in super().__dir__() if not key.isdigit()]

    def append(self, value):
        """Append ``value`` (a Tensor becomes a Parameter).

        Args:
            value: a Tensor, Parameter or any object.

        Returns:
            ParameterList: self.

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterList.append``.

        Example::

            >>> len(pyt.nn.ParameterList().append(pyt.ones(1)))
            1
        """
        new_idx = len(self)
        self._size += 1
        self[new_idx] = value
        return self

    def extend(self, values):
        """Append every element of ``values``.

        Args:
            values (Iterable): the elements (not a Tensor).

        Returns:
            ParameterList: self.

        Raises:
            TypeError: ``values`` is not iterable or is a Tensor.

        Source: ``torch.nn.ParameterList.extend``.

        Example::

            >>> len(pyt.nn.ParameterList().extend([pyt.ones(1), pyt.ones(2)]))
            2
        """
        if not isinstance(values, Iterable) or isinstance(values, _C.Tensor):
            raise TypeError(
                "ParameterList.extend should be called with an "
                "iterable, but got " + type(values).__name__
            )
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        return "\n".join(_param_line(k, p) for k, p in enumerate(self))

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")


class ParameterDict(Module):
    """A dict of parameters (string keys), registered so that ``parameters()`` sees them.

    Tensors are wrapped in :class:`Parameter`; insertion order is kept, except that a plain
    (unordered) ``dict`` given to the constructor or ``update`` is added in sorted key order,
    as torch does.

    Args:
        parameters (Mapping or iterable of (str, value) pairs, optional): initial items.

    Returns:
        ParameterDict: ``[]``, ``in``, ``len``, iteration over keys, ``keys``/``items``/
        ``values``, ``get``, ``pop``, ``popitem``, ``setdefault``, ``update``, ``clear``,
        ``copy``, ``fromkeys``, ``|``; not callable.

    Raises:
        TypeError: a non-str key, or ``update`` with something that is not iterable.
        KeyError: a missing key.
        RuntimeError: when called.

    Source: ``torch.nn.ParameterDict``.

    Example::

        >>> pd = pyt.nn.ParameterDict({"scale": pyt.ones(3)})
        >>> [n for n, _ in pd.named_parameters()]
        ['scale']
    """

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def _key_to_attr(self, key):
        if not isinstance(key, str):
            raise TypeError(
                "Index given to ParameterDict cannot be used as a key as it is "
                f"not a string (type is '{type(key).__name__}'). Open an issue on "
                "github if you need non-string keys."
            )
        return key

    def __getitem__(self, key):
        attr = self._key_to_attr(key)
        if key not in self._keys:
            raise KeyError(key)
        return getattr(self, attr)

    def __setitem__(self, key, value):
        attr = self._key_to_attr(key)
        self._keys[key] = None
        if isinstance(value, _C.Tensor) and not isinstance(value, Parameter):
            value = Parameter(value)
        setattr(self, attr, value)

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, self._key_to_attr(key))

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(list(self._keys))

    def __contains__(self, key):
        return key in self._keys

    def copy(self):
        """Return a shallow copy (same parameter objects).

        Args:
            None.

        Returns:
            ParameterDict.

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterDict.copy``.

        Example::

            >>> pyt.nn.ParameterDict({"a": pyt.ones(1)}).copy()["a"].shape
            pyt.Size([1])
        """
        return ParameterDict(OrderedDict((k, self[k]) for k in self._keys))

    def setdefault(self, key, default=None):
        """Return ``self[key]``, first setting it to ``default`` when missing.

        Args:
            key (str): the key.
            default: the value to insert when missing.

        Returns:
            The value.

        Raises:
            TypeError: a non-str key.

        Source: ``torch.nn.ParameterDict.setdefault``.

        Example::

            >>> pyt.nn.ParameterDict().setdefault("a", pyt.ones(1)).shape
            pyt.Size([1])
        """
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self):
        """Remove every item.

        Args:
            None.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterDict.clear``.

        Example::

            >>> d = pyt.nn.ParameterDict({"a": pyt.ones(1)}); d.clear(); len(d)
            0
        """
        for k in self._keys.copy():
            del self[k]

    def pop(self, key):
        """Remove ``key`` and return its value.

        Args:
            key (str): the key.

        Returns:
            The value.

        Raises:
            KeyError: missing key.

        Source: ``torch.nn.ParameterDict.pop``.

        Example::

            >>> pyt.nn.ParameterDict({"a": pyt.ones(1)}).pop("a").shape
            pyt.Size([1])
        """
        v = self[key]
        del self[key]
        return v

    def popitem(self):
        """Remove and return the last inserted ``(key, value)``.

        Args:
            None.

        Returns:
            tuple[str, object].

        Raises:
            KeyError: the dict is empty.

        Source: ``torch.nn.ParameterDict.popitem``.

        Example::

            >>> pyt.nn.ParameterDict({"a": pyt.ones(1)}).popitem()[0]
            'a'
        """
        k, _ = self._keys.popitem()
        self._keys[k] = None
        val = self[k]
        del self[k]
        return k, val

    def get(self, key, default=None):
        """Return ``self[key]`` if present, else ``default``.

        Args:
            key (str): the key.
            default: returned when missing.

        Returns:
            The value or ``default``.

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterDict.get``.

        Example::

            >>> pyt.nn.ParameterDict().get("a") is None
            True
        """
        return self[key] if key in self else default

    def fromkeys(self, keys, default=None):
        """Return a new ParameterDict with ``keys`` all mapped to ``default``.

        Args:
            keys (Iterable[str]): the keys.
            default: the value (a Tensor becomes a Parameter).

        Returns:
            ParameterDict.

        Raises:
            TypeError: a non-str key.

        Source: ``torch.nn.ParameterDict.fromkeys``.

        Example::

            >>> len(pyt.nn.ParameterDict().fromkeys(["a", "b"], pyt.ones(1)))
            2
        """
        return ParameterDict((k, default) for k in keys)

    def keys(self):
        """Return the keys, in insertion order.

        Args:
            None.

        Returns:
            KeysView[str].

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterDict.keys``.

        Example::

            >>> list(pyt.nn.ParameterDict({"a": pyt.ones(1)}).keys())
            ['a']
        """
        return self._keys.keys()

    def items(self):
        """Return an iterator over ``(key, value)`` pairs.

        Args:
            None.

        Returns:
            Iterator[tuple[str, object]].

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterDict.items``.

        Example::

            >>> [k for k, _ in pyt.nn.ParameterDict({"a": pyt.ones(1)}).items()]
            ['a']
        """
        return ((k, self[k]) for k in self._keys)

    def values(self):
        """Return an iterator over the values.

        Args:
            None.

        Returns:
            Iterator[object].

        Raises:
            Nothing.

        Source: ``torch.nn.ParameterDict.values``.

        Example::

            >>> len(list(pyt.nn.ParameterDict({"a": pyt.ones(1)}).values()))
            1
        """
        return (self[k] for k in self._keys)

    def update(self, parameters):
        """Add or replace items from a mapping or an iterable of ``(key, value)`` pairs.

        Args:
            parameters (Mapping or Iterable[tuple[str, object]]): the items; a plain dict
                is added in sorted key order (as torch).

        Returns:
            None.

        Raises:
            TypeError: not iterable, or an element is not iterable.
            ValueError: an element is not a pair.

        Source: ``torch.nn.ParameterDict.update``.

        Example::

            >>> d = pyt.nn.ParameterDict(); d.update([("a", pyt.ones(1))]); len(d)
            1
        """
        if not isinstance(parameters, Iterable):
            raise TypeError(
                "ParametersDict.update should be called with an "
                "iterable of key/value pairs, but got " + type(parameters).__name__
            )
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            for key, parameter in parameters.items():
                self[key] = parameter
        elif isinstance(parameters, Mapping):
            for key, parameter in sorted(parameters.items()):
                self[key] = parameter
        else:
            for j, p in enumerate(parameters):
                if not isinstance(p, Iterable):
                    raise TypeError(
                        "ParameterDict update sequence element #" + str(j)
                        + " should be Iterable; is" + type(p).__name__
                    )
                if not len(p) == 2:
                    raise ValueError(
                        "ParameterDict update sequence element #" + str(j) + " has length "
                        + str(len(p)) + "; 2 is required"
                    )
                self[p[0]] = p[1]

    def extra_repr(self):
        return "\n".join(_param_line(k, p, True) for k, p in self.items())

    def __call__(self, input=None):
        raise RuntimeError("ParameterDict should not be called.")

    def __or__(self, other):
        copy = self.copy()
        copy.update(other)
        return copy

    def __ror__(self, other):
        copy = other.copy()
        copy.update(self)
        return copy

    def __ior__(self, other):
        self.update(other)
        return self
