"""Tensor-core behaviours a user compared against torch: integer tensors as sizes, Tensor(),
tril/triu_indices sizes, in-place casts from half operands, half norms, isposinf/isneginf out=,
all/any with dim=(), tensor() of lists holding numpy scalars or tensors, ldexp dtypes and
Tensor.to(memory_format=)."""
import subprocess
import sys

import numpy as np
import pytest
import torch

import pyt


def same(a, b):
    assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
    assert tuple(a.shape) == tuple(b.shape)
    np.testing.assert_array_equal(a.float().numpy() if a.dtype == torch.bfloat16 else a.numpy(),
                                  b.float().numpy() if b.dtype == pyt.bfloat16 else b.numpy())


@pytest.mark.parametrize("call", [
    "M.ones(M.tensor([6]))", "M.zeros(M.tensor(3))", "M.ones(2, 3).view(M.tensor([6]))",
    "M.ones(2, 3).view(M.tensor(6))", "M.ones(2, 3).reshape(M.tensor([3]), 2)",
    "M.ones(2, 3).sum(M.tensor([0]))", "M.ones(2, 3).sum(M.tensor(0))", "M.zeros((M.tensor(2), 3))",
    "M.randn(M.tensor([2]))", "M.ones(M.tensor([2]), 3)",
])
def test_one_element_integer_tensor_as_a_size_or_dim(call):
    assert tuple(eval(call, {"M": pyt}).shape) == tuple(eval(call, {"M": torch}).shape)


@pytest.mark.parametrize("call", [
    "M.ones(M.tensor([2, 3]))", "M.zeros(M.tensor([2, 3]))", "M.empty(M.tensor([2, 3]))",
    "M.ones(2, 3).view(M.tensor([2, 3]))", "M.ones(2, 3).permute(M.tensor([1, 0]))",
    "M.ones(2, 3).expand(M.tensor([2, 3]))", "M.ones(2, 3).sum(M.tensor([0, 1]))",
    "M.ones(2, 3).view(M.tensor([6.]))",
])
def test_other_tensors_as_sizes_raise_type_error_not_crash(call):
    # run in a child: these used to crash the interpreter
    code = f"import pyt as M\ntry:\n    {call}\nexcept TypeError as e:\n    print('TypeError', e)\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("TypeError"), (r.returncode, r.stdout, r.stderr)
    with pytest.raises(TypeError):
        eval(call, {"M": torch})


def test_tensor_constructor_without_arguments_is_empty_1d():
    same(torch.Tensor(), pyt.Tensor())


@pytest.mark.parametrize("args", [(5, 4, -2), (4, 5, 1), (0, 3, 0), (3, 0, 0), (6, 6, -10), (6, 6, 10),
                                  (7, 3, 2), (3, 7, -1), (1, 1, 0)])
@pytest.mark.parametrize("name", ["tril_indices", "triu_indices"])
def test_tri_indices_match_torch(name, args):
    same(getattr(torch, name)(*args), getattr(pyt, name)(*args))


@pytest.mark.parametrize("args", [(100000, 100000), (2 ** 20, 2 ** 20), (2 ** 31, 2 ** 31)])
@pytest.mark.parametrize("name", ["tril_indices", "triu_indices"])
def test_tri_indices_too_large_fail_at_once(name, args):
    with pytest.raises(RuntimeError):
        getattr(pyt, name)(*args)


@pytest.mark.parametrize("op", ["add_", "sub_", "mul_", "div_", "pow_"])
@pytest.mark.parametrize("half", ["float16", "bfloat16"])
@pytest.mark.parametrize("dst", ["int64", "int32", "bool"])
def test_inplace_into_integer_tensor_with_half_operand_raises(op, half, dst):
    def run(m):
        x = m.tensor([1, 0, 1]).to(getattr(m, dst))
        getattr(x, op)(m.tensor([.6, .6, .6], dtype=getattr(m, half)))
    with pytest.raises(RuntimeError):
        run(torch)
    # bool - x is refused first by the bool-subtraction rule, in both libraries
    match = "Subtraction" if (dst, op) == ("bool", "sub_") else "can't be cast to the desired output type"
    with pytest.raises(RuntimeError, match=match):
        run(pyt)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("p", [2, 1, 3, float("inf"), 0])
def test_half_norm_accumulates_in_float32(dtype, p):
    a = np.random.RandomState(0).rand(100000) * 10
    t = torch.tensor(a).to(getattr(torch, dtype))
    x = pyt.tensor(a).to(getattr(pyt, dtype))
    same(t.norm(p=p), x.norm(p=p))
    same(t.norm(p=p, dim=0), x.norm(p=p, dim=0))


@pytest.mark.parametrize("name", ["isposinf", "isneginf"])
def test_isposinf_out(name):
    data = [1., float("inf"), -float("inf")]
    o_t, o_p = torch.zeros(0, dtype=torch.bool), pyt.zeros(0, dtype=pyt.bool)
    getattr(torch, name)(torch.tensor(data), out=o_t)
    r = getattr(pyt, name)(pyt.tensor(data), out=o_p)
    assert r is o_p
    same(o_t, o_p)
    with pytest.raises(RuntimeError, match="does not support non-boolean outputs"):
        getattr(pyt, name)(pyt.tensor(data), out=pyt.zeros(3))


@pytest.mark.parametrize("dtype", ["float32", "uint8", "bool", "int64"])
@pytest.mark.parametrize("name", ["all", "any"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_all_any_with_empty_dim_tuple_reduce_nothing(name, dtype, keepdim):
    a = np.array([[0, 1, 2], [3, 0, 0]])
    t = getattr(torch.tensor(a).to(getattr(torch, dtype)), name)(dim=(), keepdim=keepdim)
    x = getattr(pyt.tensor(a).to(getattr(pyt, dtype)), name)(dim=(), keepdim=keepdim)
    same(t, x)


@pytest.mark.parametrize("data", [
    "[np.int8(1)]", "[np.float16(1)]", "[np.float64(1.5), 2]", "[np.int8(1), 2.5]", "[np.int8(1), 2]",
    "[np.float16(1), 2]", "[[np.int8(1)], [np.int16(2)]]", "[True, np.int8(1)]", "[np.uint8(1), np.int8(2)]",
    "[np.bool_(1)]", "[np.float32(2.5), 3]", "[[np.float64(1)], [2.5]]",
    "[M.tensor([1.]), M.tensor([2.])]", "[M.tensor(1), M.tensor(2.)]", "[M.tensor(1, dtype=M.int8), 2]",
    "[[M.tensor(True)], [M.tensor(False)]]", "(M.tensor([3]), 4)",
    "[M.tensor(1, dtype=M.int32), M.tensor(2, dtype=M.int32)]", "[M.tensor(1., dtype=M.float64)]",
    "[M.tensor(1., dtype=M.float16), 2.5]", "[M.tensor(True), 1]", "[M.tensor([1], dtype=M.int16)]",
])
def test_tensor_of_lists_holding_numpy_scalars_or_tensors(data):
    same(torch.tensor(eval(data, {"np": np, "M": torch})), pyt.tensor(eval(data, {"np": np, "M": pyt})))


def test_tensor_of_list_of_multi_element_tensors_raises_value_error():
    with pytest.raises(ValueError, match="only one element tensors"):
        pyt.tensor([pyt.tensor([1., 2.]), pyt.tensor([2., 3.])])


@pytest.mark.parametrize("a,b", [("float16", "int64"), ("bfloat16", "int32"), ("float16", "float16"),
                                 ("float16", "float32"), ("int32", "int64"), ("int8", "int8"),
                                 ("float32", "float64"), ("float64", "int64")])
def test_ldexp_result_dtype(a, b):
    def run(m):
        return m.ldexp(m.tensor([1.5, -3., 0.25]).to(getattr(m, a)), m.tensor([1, -2, 3]).to(getattr(m, b)))
    same(run(torch), run(pyt))


@pytest.mark.parametrize("fmt,shape", [("channels_last", (2, 3, 4, 5)), ("channels_last_3d", (2, 3, 2, 4, 5)),
                                       ("contiguous_format", (2, 3, 4, 5))])
def test_to_memory_format(fmt, shape):
    t = torch.arange(float(np.prod(shape))).reshape(shape)
    x = pyt.arange(float(np.prod(shape))).reshape(shape)
    rt, rx = t.to(memory_format=getattr(torch, fmt)), x.to(memory_format=getattr(pyt, fmt))
    assert rt.stride() == rx.stride()
    same(rt, rx)
    rt, rx = t.to(torch.float64, memory_format=getattr(torch, fmt)), x.to(pyt.float64, memory_format=getattr(pyt, fmt))
    assert rt.stride() == rx.stride() and rx.dtype == pyt.float64
    with pytest.raises(RuntimeError):
        pyt.ones(2, 3).to(memory_format=pyt.channels_last)
    with pytest.raises(TypeError):
        x.to(memory_format="channels_last")


@pytest.mark.parametrize("args", [(0, 1, 0.3), (0, 5, 1.5), (0.5, 3, 1), (0, 3.5, 1), (-2.5, 3.5, 2.5), (0.9,),
                                  (3.5, -2, -1.5), (0, 10, 2.5), (5,), (1, 7, 2)])
@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "uint8"])
def test_arange_float_bounds_with_integer_dtype(args, dtype):
    def run(m):
        return m.arange(*args, dtype=getattr(m, dtype))
    try:
        t = run(torch)
    except Exception as e:  # step 0.3 truncates to 0 for int64: ValueError in both
        with pytest.raises(type(e), match="step must be nonzero"):
            run(pyt)
        return
    same(t, run(pyt))


@pytest.mark.parametrize("call", [
    "x = M.ones(3); x.resize_(2 ** 32, 2 ** 30)", "x = M.ones(3, dtype=M.float64); x.resize_(2 ** 61)",
    "x = M.ones(3); x.resize_(2 ** 62)", "x = M.ones(3, dtype=M.int32); x.resize_(2 ** 62)",
    "x = M.ones(3); x.resize_(2 ** 31, 2 ** 31)",
])
def test_resize_beyond_addressable_sizes_raises(call):
    # in a child: these read or wrote out of bounds before
    code = f"import pyt as M\ntry:\n    {call}\nexcept RuntimeError as e:\n    print('RuntimeError', e)\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("RuntimeError"), (r.returncode, r.stdout, r.stderr)


def test_interpolate_to_an_impossible_size_fails_at_once():
    code = ("import pyt\ntry:\n    pyt.nn.functional.interpolate(pyt.ones(1, 1, 2, 2), size=(2 ** 31, 2 ** 31))\n"
            "except RuntimeError as e:\n    print('RuntimeError', e)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("RuntimeError"), (r.returncode, r.stdout, r.stderr)


@pytest.mark.parametrize("n,r", [(3000, 3), (200, 6)])
def test_combinations_too_large_fail_at_once(n, r):
    with pytest.raises(RuntimeError):
        pyt.combinations(pyt.arange(n), r=r)


@pytest.mark.parametrize("n,r,rep", [(5, 2, False), (5, 3, True), (4, 4, False), (3, 5, False), (1, 2, True)])
def test_combinations_match_torch(n, r, rep):
    same(torch.combinations(torch.arange(n), r=r, with_replacement=rep),
         pyt.combinations(pyt.arange(n), r=r, with_replacement=rep))


@pytest.mark.parametrize("p", [1, 2, 3.5, float("inf")])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_renorm_matches_torch(p, dim):
    a = np.random.default_rng(0).standard_normal((3, 4, 2)).astype(np.float32)
    t = torch.tensor(a).renorm(p, dim, 0.3)
    x = pyt.tensor(a).renorm(p, dim, 0.3)
    np.testing.assert_allclose(x.numpy(), t.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("call,exc", [("M.ones(3).renorm(2, 0, 1.)", RuntimeError),
                                      ("M.ones(2, 2, dtype=M.int64).renorm(2, 0, 1)", RuntimeError),
                                      ("M.ones(2, 2).renorm(2, 2, 1.)", IndexError),
                                      ("M.linalg.multi_dot(M.eye(2))", TypeError),
                                      ("M.linalg.matrix_power(M.eye(2), 1.5)", TypeError),
                                      ("M.tensor(np.arange(5)[::-1])", ValueError),
                                      ("M.as_tensor(np.arange(5)[::-1])", ValueError),
                                      ("M.ones(2).cuda()", AssertionError),
                                      ("M.nn.Linear(2, 2).cuda()", AssertionError)])
def test_bad_inputs_raise_as_torch(call, exc):
    with pytest.raises(exc):
        eval(call, {"M": torch, "np": np})
    with pytest.raises(exc):
        eval(call, {"M": pyt, "np": np})
