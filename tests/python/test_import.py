"""`import pyt` stays light: the C++ core loads, the Python layers and numpy load on first use."""
import subprocess
import sys


def _modules_after(code):
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    )
    return set(out.stdout.split())


def test_import_pyt_does_not_import_numpy_or_the_python_layers():
    mods = _modules_after("import pyt")
    assert "pyt._C" in mods
    for heavy in ("numpy", "pyt.nn", "pyt.optim", "pyt.utils.data", "pyt._tensor_str"):
        assert heavy not in mods, f"import pyt loaded {heavy}"


def test_lazy_attributes_resolve():
    mods = _modules_after(
        "import pyt\n"
        "assert pyt.nn.Linear and pyt.optim.SGD and pyt.no_grad and pyt.save and pyt.load\n"
        "from pyt import nn, optim\n"
        "import pyt.utils.data\n"
        "assert 'nn' in dir(pyt)\n"
    )
    assert "pyt.nn" in mods and "pyt.optim" in mods


def test_unknown_attribute_raises_attribute_error():
    import pyt
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'does_not_exist'"):
        pyt.does_not_exist
