"""The C++ example (examples/cpp) builds against the installed pyt package and runs.

It configures examples/cpp with CMake in a temporary directory, with CMAKE_PREFIX_PATH from
``python -m pyt --cmake-dir``, builds it (Ninja when available, Release) and runs the
program, which checks a hand-computed gradient itself and exits 1 on a mismatch. This proves
that the wheel's headers, libpyt and CMake package config work for an outside project
(``find_package(pyt)`` + ``pyt::pyt``, only ``pyt/pyt.h`` included).
"""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "cpp")

CMAKE = shutil.which("cmake")
pytestmark = pytest.mark.skipif(CMAKE is None, reason="cmake is not installed")


def _run(cmd, **kwargs):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=600, **kwargs)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}"
    return proc.stdout


def _cmake_dir():
    out = _run([sys.executable, "-m", "pyt", "--cmake-dir"]).strip().splitlines()[-1]
    assert os.path.isfile(os.path.join(out, "share", "cmake", "pyt", "pytConfig.cmake")), out
    return out


def test_cmake_dir_matches_cmake_prefix_path():
    import pyt.utils

    prefix = _cmake_dir()
    cmake_prefix_path = getattr(pyt.utils, "cmake_prefix_path", None)
    if cmake_prefix_path is not None:
        # torch's convention: pyt.utils.cmake_prefix_path is <prefix>/share/cmake.
        assert os.path.samefile(os.path.join(prefix, "share", "cmake"), cmake_prefix_path) or \
            os.path.samefile(prefix, cmake_prefix_path)


def test_cpp_example_builds_and_runs(tmp_path):
    prefix = _cmake_dir()
    build = tmp_path / "build"
    configure = [CMAKE, "-S", EXAMPLE, "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                 f"-DCMAKE_PREFIX_PATH={prefix}"]
    if shutil.which("ninja"):
        configure += ["-G", "Ninja"]
    env = dict(os.environ)
    env.pop("CMAKE_GENERATOR", None)  # the explicit -G, or CMake's default, decides
    _run(configure, env=env)
    _run([CMAKE, "--build", str(build), "--config", "Release"], env=env)

    exe = build / "pyt_example"
    assert exe.exists(), sorted(p.name for p in build.iterdir())
    # No LD_LIBRARY_PATH: the build-tree RPATH must find pyt/lib/libpyt.so.
    env.pop("LD_LIBRARY_PATH", None)
    out = _run([str(exe)], env=env)
    assert "all checks passed" in out, out
    assert "w.grad [3, 2] = [[1, 1], [2, 2], [3, 3]]" in out, out
