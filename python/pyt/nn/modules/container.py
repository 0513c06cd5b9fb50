"""Containers: ``Sequential``, ``ModuleList``, ``ModuleDict`` (torch/nn/modules/container.py)."""

import operator
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from itertools import chain, islice

from pyt.nn.modules.module import Module, _addindent

__all__ = ["Sequential", "ModuleList", "ModuleDict"]


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
