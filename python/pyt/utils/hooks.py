"""``RemovableHandle``: the handle returned by hook registrations (torch/utils/hooks.py)."""

import weakref

__all__ = ["RemovableHandle"]


class RemovableHandle:
    """A handle that removes a registered hook from its dict(s) when ``remove()`` is called.

    Args:
        hooks_dict (dict): the ordered dict the hook is stored in, keyed by ``handle.id``.
        extra_dict (dict or list of dict, optional): more dicts keyed by the same id (e.g.
            the "with kwargs" flags) to clean up as well.

    Returns:
        RemovableHandle: also a context manager that removes the hook on exit.

    Raises:
        Nothing.

    Source: ``torch.utils.hooks.RemovableHandle``.

    Example::

        >>> h = model.register_forward_hook(lambda m, i, o: None)
        >>> h.remove()
    """

    next_id = 0

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1
        self.extra_dict_ref = ()
        if isinstance(extra_dict, dict):
            self.extra_dict_ref = (weakref.ref(extra_dict),)
        elif isinstance(extra_dict, list):
            self.extra_dict_ref = tuple(weakref.ref(d) for d in extra_dict)

    def remove(self):
        """Remove the hook (a no-op when already removed).

        Args:
            None.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.utils.hooks.RemovableHandle.remove``.

        Example::

            >>> handle.remove()
        """
        hooks_dict = self.hooks_dict_ref()
        if hooks_dict is not None and self.id in hooks_dict:
            del hooks_dict[self.id]
        for ref in self.extra_dict_ref:
            d = ref()
            if d is not None and self.id in d:
                del d[self.id]

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.remove()
