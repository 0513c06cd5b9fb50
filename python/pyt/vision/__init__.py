"""``pyt.vision``: image utilities with torchvision's names (``pyt.vision.transforms``).

Only the pieces pyt's examples need are here: the classic (v1) ``torchvision.transforms``
for tensors and numpy arrays. torchvision itself is not required.

Example::

    >>> from pyt.vision import transforms as T
    >>> tf = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])
"""

from pyt.vision import transforms

__all__ = ["transforms"]
