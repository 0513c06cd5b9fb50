"""``pyt.utils``: ``data`` (datasets and loaders), ``hooks``, ``checkpoint`` (activation
checkpointing, imported on first use), and ``cmake_prefix_path``.

``cmake_prefix_path`` is the directory to put on ``CMAKE_PREFIX_PATH`` so that an outside
C++ project's ``find_package(pyt)`` finds the installed pyt package (torch's
``torch.utils.cmake_prefix_path`` convention). It is computed from the location of the
compiled ``pyt._C`` extension, not from this file: in an editable install this source file
lives in the checkout while ``_C``, ``lib/`` and ``share/`` live in site-packages.
"""

import os

from pyt import _C
from pyt.utils import data, hooks

__all__ = ["checkpoint", "cmake_prefix_path", "data", "hooks"]


def __getattr__(name):
    # pyt.utils.checkpoint is imported on first use (it needs pyt.autograd and pyt.nn).
    if name == "checkpoint":
        import importlib

        return importlib.import_module("pyt.utils.checkpoint")
    raise AttributeError(f"module 'pyt.utils' has no attribute '{name}'")

#: ``<pyt package dir>/share/cmake``: pass as ``-DCMAKE_PREFIX_PATH=...`` to CMake; it holds
#: ``pyt/pytConfig.cmake``. Example: ``cmake -DCMAKE_PREFIX_PATH="$(python -c 'import
#: pyt.utils; print(pyt.utils.cmake_prefix_path)')" ..``
cmake_prefix_path = os.path.join(os.path.dirname(os.path.abspath(_C.__file__)), "share", "cmake")
