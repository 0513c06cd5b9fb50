"""Torch-style messages for calls that match no signature of a pyt._C function.

pybind11 answers such a call with "f(): incompatible function arguments. The following argument
types are supported: 1. (...) -> ...". The C++ side (Note [Argument errors] in
src/cpp/bindings/arg_errors.cpp) hands that message and the call's arguments to
:func:`translate`, which re-binds the arguments to each listed signature and words the first
problem as torch does:

* ``zeros() got an unexpected keyword argument 'dtyp'``
* ``ones(): argument 'dtype' must be pyt.dtype, not str``
* ``linspace(): argument 'steps' (position 3) must be int, not float``
* ``transpose() missing 1 required positional arguments: "dim1"``
* ``sum() takes from 1 to 3 positional arguments but 5 were given``
* otherwise ``f() received an invalid combination of arguments - got (int, str), but expected
  one of: * (dim0: int, dim1: int)``.

It runs only on that error path, so calls that bind cost nothing extra.
"""
import re

_HEAD = re.compile(r"^(?P<name>[\w.]+)\(\): incompatible (?:function|constructor) arguments")
_SIG = re.compile(r"^\s*\d+\. \((?P<params>.*)\)(?: -> .*)?$")


def _split_top(text):
    """Splits a parameter list at the commas that are not inside brackets or quotes."""
    parts, depth, cur, quote = [], 0, [], None
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


class _Sig:
    """One pybind11 signature: positional params, keyword-only params, *args/**kwargs."""

    def __init__(self, text):
        self.text = text
        self.positional, self.kwonly = [], []
        self.varargs = self.varkw = False
        kwonly = False
        for p in _split_top(text):
            if p == "/":
                continue
            if p == "*":
                kwonly = True
                continue
            if p.startswith("**"):
                self.varkw = True
                continue
            if p.startswith("*"):
                self.varargs = kwonly = True
                continue
            name, _, rest = p.partition(":")
            tp, eq, _default = rest.partition("=")
            entry = (name.strip(), tp.strip(), bool(eq))
            (self.kwonly if kwonly else self.positional).append(entry)
        self.method = bool(self.positional) and self.positional[0][0] == "self"

    def names(self):
        return {p[0] for p in self.positional + self.kwonly}

    def shown(self):
        params = self.positional[1:] if self.method else self.positional
        out = [f"{_display(tp)} {n}" + (" = ..." if d else "") for n, tp, d in params]
        if self.varargs:
            out.append("*args")
        elif self.kwonly:
            out.append("*")
        out += [f"{_display(tp)} {n}" + (" = ..." if d else "") for n, tp, d in self.kwonly]
        return ", ".join(out)


def _normalize(tp):
    """pybind11's type string as (base type, whether None is accepted): ``Optional[X]`` and
    ``X | None`` are optional; ``typing.SupportsInt | typing.SupportsIndex`` is int."""
    m = re.fullmatch(r"(?:typing\.)?Optional\[(.*)\]", tp)
    if m:
        return _normalize(m.group(1))[0], True
    parts = [p.strip() for p in _split_top(tp.replace("|", ","))] if "|" in tp else [tp.strip()]
    optional = "None" in parts
    parts = [p for p in parts if p != "None"]
    names = {p.replace("typing.", "") for p in parts}
    if names == {"SupportsInt", "SupportsIndex"} or names == {"SupportsInt"}:
        base = "int"
    elif names <= {"SupportsFloat", "SupportsIndex"} and "SupportsFloat" in names:
        base = "float"
    else:
        base = " | ".join(parts)
    return base, optional


def _display(tp):
    tp = _normalize(tp)[0]
    if re.fullmatch(r"(?:typing\.)?(?:List|list|Sequence|tuple|Tuple)\[int(?:, \.\.\.)?\]", tp):
        return "tuple of ints"
    return {"pyt._C.Tensor": "Tensor", "pyt._C.Generator": "Generator", "object": "object"}.get(tp, tp)


def _type_name(v):
    t = type(v)
    mod = t.__module__
    if mod == "builtins" or mod.startswith("pyt"):
        return t.__name__
    return f"{mod.split('.')[0]}.{t.__name__}"


def _accepts(tp, v):
    """Whether pybind11's caster for type string tp would take v; True when unsure."""
    from . import _C

    tp, optional = _normalize(tp)
    if v is None:
        return optional or tp in ("object", "typing.Any", "Any")
    if tp == "int":
        return not isinstance(v, float) and hasattr(type(v), "__index__") and not isinstance(v, str)
    if tp == "float":
        return isinstance(v, (int, float)) or hasattr(type(v), "__float__")
    if tp == "bool":
        return isinstance(v, bool) or type(v).__name__ == "bool_"
    if tp == "str":
        return isinstance(v, str)
    if tp == "pyt.dtype":
        return isinstance(v, _C.dtype) or v in (float, int, bool)
    if tp == "pyt._C.Tensor":
        return isinstance(v, _C.Tensor)
    if tp == "numpy.ndarray":
        return type(v).__name__ == "ndarray"
    if re.fullmatch(r"(?:typing\.)?(?:List|list|Sequence)\[.*\]", tp):
        return hasattr(type(v), "__len__") and not isinstance(v, (str, bytes))
    return True


def _problem(name, sig, args, kwargs):
    """The first way args/kwargs fail to bind to sig, worded as torch; None if none is found."""
    pos = sig.positional
    skip = 1 if sig.method else 0
    if len(args) > len(pos) and not sig.varargs:
        lo = sum(1 for _, _, d in pos if not d) - skip
        hi = len(pos) - skip
        takes = f"{hi}" if lo == hi else f"from {lo} to {hi}"
        plural = "" if hi == 1 and lo == hi else "s"
        return (f"{name}() takes {takes} positional argument{plural} but {len(args) - skip} "
                f"{'was' if len(args) - skip == 1 else 'were'} given")
    bound = {}
    for i, (p, v) in enumerate(zip(pos, args)):
        bound[p[0]] = (v, i + 1 - skip)
    for k in kwargs:
        if k in bound:
            return f"{name}() got multiple values for argument '{k}'"
    bound.update({k: (v, None) for k, v in kwargs.items()})
    missing = [p[0] for p in pos + sig.kwonly if not p[2] and p[0] not in bound]
    if missing and not sig.varargs:
        return f"{name}() missing {len(missing)} required positional arguments: " + ", ".join(
            f'"{m}"' for m in missing)
    for p, tp, _ in pos + sig.kwonly:
        if p in bound and p != "self":
            v, where = bound[p]
            if not _accepts(tp, v):
                at = f" (position {where})" if where else ""
                return f"{name}(): argument '{p}'{at} must be {_display(tp)}, not {_type_name(v)}"
    return None


def translate(message, args, kwargs):
    """A torch-style message for pybind11's "incompatible function arguments" ``message``,
    given the call's positional ``args`` (a tuple, self first for methods) and ``kwargs``
    (a dict or None); None to keep pybind11's message."""
    head = _HEAD.match(message)
    if head is None:
        return None
    name = head.group("name").split(".")[-1]
    if name == "__init__":
        name = "Tensor"
    kwargs = kwargs or {}
    args = tuple(args or ())
    sigs = [_Sig(m.group("params")) for m in (_SIG.match(line) for line in message.splitlines()) if m]
    if not sigs:
        return None
    if not any(s.varkw for s in sigs):
        known = set().union(*(s.names() for s in sigs))
        for k in kwargs:
            if k not in known:
                return f"{name}() got an unexpected keyword argument '{k}'"
    if len(sigs) == 1:
        problem = _problem(name, sigs[0], args, kwargs)
        if problem:
            return problem
    shown_args = args[1:] if sigs[0].method else args
    got = ", ".join([_type_name(a) for a in shown_args] + [f"{k}={_type_name(v)}" for k, v in kwargs.items()])
    lines = "\n".join(f" * ({s.shown()})" for s in sigs)
    return f"{name}() received an invalid combination of arguments - got ({got}), but expected one of:\n{lines}"


def install():
    """Registers :func:`translate` with pyt._C."""
    from . import _C

    _C._set_arg_error_translator(translate)
