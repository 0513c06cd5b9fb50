"""pyt.utils.data: datasets, samplers, collate and DataLoader, compared with torch."""

import collections

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import pyt
import pyt.utils.data as pdata


def to_np(x):
    return x.detach().numpy()


def same_structure(p, t):
    """Recursively compare a pyt collate result with torch's."""
    if isinstance(t, torch.Tensor):
        assert isinstance(p, pyt.Tensor), type(p)
        assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
        assert tuple(p.shape) == tuple(t.shape)
        np.testing.assert_array_equal(to_np(p), t.numpy())
    elif isinstance(t, dict):
        assert type(p) is type(t) and list(p.keys()) == list(t.keys())
        for k in t:
            same_structure(p[k], t[k])
    elif isinstance(t, (list, tuple)):
        assert type(p) is type(t) and len(p) == len(t), (type(p), type(t))
        for a, b in zip(p, t):
            same_structure(a, b)
    else:
        assert p == t


Point = collections.namedtuple("Point", ["x", "y"])


@pytest.mark.parametrize(
    "make",
    [
        lambda T: [T.tensor([1.0, 2.0]), T.tensor([3.0, 4.0])],
        lambda T: [1.5, 2.5, 3.0],
        lambda T: [1, 2, 3],
        lambda T: [True, False],
        lambda T: ["a", "b"],
        lambda T: [np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)],
        lambda T: [np.float32(1.5), np.float32(2.5)],
        lambda T: [(T.zeros(2), 0), (T.ones(2), 1)],
        lambda T: [[T.zeros(2), 0.5], [T.ones(2), 1.5]],
        lambda T: [{"img": T.zeros(2, 2), "label": 3}, {"img": T.ones(2, 2), "label": 4}],
        lambda T: [Point(1, 2.0), Point(3, 4.0)],
        lambda T: [{"a": [1, "x"]}, {"a": [2, "y"]}],
    ],
)
def test_default_collate_matches_torch(make):
    t = tdata.default_collate(make(torch))
    p = pdata.default_collate(make(pyt))
    same_structure(p, t)


def test_default_collate_errors():
    with pytest.raises(TypeError, match="default_collate: batch must contain"):
        pdata.default_collate([object(), object()])
    with pytest.raises(RuntimeError, match="equal size"):
        pdata.default_collate([[1, 2], [3]])


def test_default_convert():
    out = pdata.default_convert({"a": np.arange(3), "b": [np.zeros(2)], "c": "s"})
    assert isinstance(out["a"], pyt.Tensor) and out["a"].dtype == pyt.int64
    assert isinstance(out["b"][0], pyt.Tensor) and out["c"] == "s"


def test_tensor_dataset():
    x, y = pyt.randn(10, 3), pyt.arange(10)
    ds = pdata.TensorDataset(x, y)
    assert len(ds) == 10
    xi, yi = ds[4]
    np.testing.assert_array_equal(to_np(xi), to_np(x[4]))
    assert int(yi) == 4
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        pdata.TensorDataset(pyt.zeros(3), pyt.zeros(4))


def test_dataloader_sequential_batches_and_len():
    x = pyt.arange(10, dtype=pyt.float32).reshape(10, 1)
    y = pyt.arange(10)
    ds = pdata.TensorDataset(x, y)
    for bs, drop_last in [(1, False), (3, False), (3, True), (5, True), (20, False)]:
        dl = pdata.DataLoader(ds, batch_size=bs, drop_last=drop_last)
        tdl = tdata.DataLoader(range(10), batch_size=bs, drop_last=drop_last)
        batches = list(dl)
        assert len(dl) == len(tdl) == len(batches)
        assert [b[1].tolist() for b in batches] == [b.tolist() for b in tdl]
        assert all(isinstance(b, list) and len(b) == 2 for b in batches)


def test_dataloader_shuffle_uses_generator_deterministically():
    ds = pdata.TensorDataset(pyt.arange(20))
    order = lambda seed: [  # noqa: E731
        v
        for (b,) in pdata.DataLoader(
            ds, batch_size=4, shuffle=True, generator=pyt.Generator().manual_seed(seed)
        )
        for v in b.tolist()
    ]
    a, b = order(0), order(0)
    assert a == b and sorted(a) == list(range(20)) and a != list(range(20))
    g = pyt.Generator().manual_seed(1)
    dl = pdata.DataLoader(ds, batch_size=20, shuffle=True, generator=g)
    e1 = next(iter(dl))[0].tolist()
    e2 = next(iter(dl))[0].tolist()
    assert e1 != e2  # reshuffled every epoch


def test_dataloader_batch_size_none_and_custom_collate():
    ds = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    out = list(pdata.DataLoader(ds, batch_size=None))
    assert all(isinstance(o, pyt.Tensor) and tuple(o.shape) == (2,) for o in out)
    out = list(pdata.DataLoader(list(range(5)), batch_size=2, collate_fn=lambda b: sum(b)))
    assert out == [1, 5, 4]


def test_dataloader_samplers():
    ds = list(range(10))
    bs = pdata.BatchSampler(pdata.SequentialSampler(ds), 4, drop_last=False)
    assert list(bs) == list(tdata.BatchSampler(tdata.SequentialSampler(ds), 4, False))
    assert len(bs) == 3
    assert len(pdata.BatchSampler(range(10), 4, drop_last=True)) == 2
    dl = pdata.DataLoader(ds, batch_sampler=[[0, 1], [5, 6, 7]])
    assert [b.tolist() for b in dl] == [[0, 1], [5, 6, 7]]
    dl = pdata.DataLoader(ds, sampler=[9, 8, 7], batch_size=2)
    assert [b.tolist() for b in dl] == [[9, 8], [7]]
    rs = pdata.RandomSampler(ds, generator=pyt.Generator().manual_seed(0))
    assert sorted(rs) == ds and len(rs) == 10
    rs = pdata.RandomSampler(ds, replacement=True, num_samples=70,
                             generator=pyt.Generator().manual_seed(0))
    drawn = list(rs)
    assert len(drawn) == 70 and all(0 <= v < 10 for v in drawn)
    rs = pdata.RandomSampler(ds, num_samples=25, generator=pyt.Generator().manual_seed(0))
    assert len(list(rs)) == 25
    assert sorted(pdata.SubsetRandomSampler([3, 5, 7])) == [3, 5, 7]


def test_iterable_dataset():
    class Stream(pdata.IterableDataset):
        def __iter__(self):
            return iter(range(7))

    assert [b.tolist() for b in pdata.DataLoader(Stream(), batch_size=3)] == [
        [0, 1, 2], [3, 4, 5], [6]
    ]
    assert [b.tolist() for b in pdata.DataLoader(Stream(), batch_size=3, drop_last=True)] == [
        [0, 1, 2], [3, 4, 5]
    ]
    with pytest.raises(ValueError, match="IterableDataset"):
        pdata.DataLoader(Stream(), shuffle=True)


def test_concat_subset_random_split():
    c = pdata.ConcatDataset([list(range(3)), list(range(10, 12))])
    assert len(c) == 5 and c[3] == 10 and c[-1] == 11
    s = pdata.Subset(list(range(10)), [2, 4])
    assert len(s) == 2 and s[1] == 4
    a, b = pdata.random_split(list(range(10)), [3, 7], generator=pyt.Generator().manual_seed(0))
    assert len(a) == 3 and len(b) == 7 and sorted(list(a) + list(b)) == list(range(10))
    a, b = pdata.random_split(list(range(10)), [0.5, 0.5])
    assert len(a) == len(b) == 5
    with pytest.raises(ValueError, match="Sum of input lengths"):
        pdata.random_split(list(range(10)), [3, 3])


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        (dict(sampler=[0], shuffle=True), ValueError, "mutually exclusive with shuffle"),
        (dict(batch_sampler=[[0]], batch_size=2), ValueError, "batch_sampler option is mutually"),
        (dict(batch_sampler=[[0]], drop_last=True), ValueError, "batch_sampler option is mutually"),
        (dict(batch_size=None, drop_last=True), ValueError, "disables auto-batching"),
        (dict(num_workers=-1), ValueError, "non-negative"),
        (dict(timeout=-1), ValueError, "timeout option should be non-negative"),
        (dict(persistent_workers=True), ValueError, "persistent_workers"),
        (dict(prefetch_factor=2), ValueError, "prefetch_factor"),
    ],
)
def test_dataloader_argument_errors(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        pdata.DataLoader(list(range(4)), **kwargs)


def test_sampler_argument_errors():
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        pdata.BatchSampler(range(3), 0, False)
    with pytest.raises(ValueError, match="drop_last should be a boolean"):
        pdata.BatchSampler(range(3), 2, 1)
    with pytest.raises(TypeError, match="replacement should be a boolean"):
        pdata.RandomSampler(range(3), replacement=1)
    with pytest.raises(ValueError, match="num_samples should be a positive integer"):
        pdata.RandomSampler(range(3), num_samples=0)


def test_dataloader_attributes_are_frozen():
    dl = pdata.DataLoader(list(range(4)), batch_size=2)
    with pytest.raises(ValueError, match="should not be set after"):
        dl.batch_size = 3


# ---- Note [TensorDataset fast path] ----------------------------------------------------


def test_tensor_dataset_batches_match_per_sample_collation():
    import numpy as np

    import pyt
    from pyt.utils.data import DataLoader, TensorDataset

    x = pyt.arange(60, dtype=pyt.float32).reshape(20, 3).t().contiguous().t()  # non-contiguous
    y = pyt.arange(20)
    w = pyt.randn(20, 2, requires_grad=True)
    ds = TensorDataset(x, y, w)
    from pyt.utils.data import default_collate

    def batches(collate_fn):
        g = pyt.Generator()
        g.manual_seed(3)
        kw = {} if collate_fn is None else {"collate_fn": collate_fn}
        return list(DataLoader(ds, batch_size=6, shuffle=True, generator=g, **kw))

    got = batches(None)  # default_collate itself: the gathered fast path
    want = batches(lambda b: default_collate(b))  # another callable: per-sample indexing
    assert len(got) == len(want) == 4
    for gb, wb in zip(got, want):
        assert isinstance(gb, list) and len(gb) == 3
        for a, b in zip(gb, wb):
            assert a.dtype == b.dtype and a.shape == b.shape
            np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
        assert gb[2].requires_grad and gb[2].grad_fn is not None  # gathered from a leaf


def test_tensor_dataset_unusual_indices_fall_back_to_indexing():
    import pytest

    import pyt
    from pyt.utils.data import DataLoader, TensorDataset

    ds = TensorDataset(pyt.arange(5), pyt.arange(5) * 10)
    out = list(DataLoader(ds, sampler=[4, -1, 0], batch_size=3))
    assert [t.tolist() for t in out[0]] == [[4, 4, 0], [40, 40, 0]]
    with pytest.raises(IndexError):
        list(DataLoader(ds, sampler=[0, 7], batch_size=2))

    class Doubled(TensorDataset):  # a subclass keeps its own __getitem__
        def __getitem__(self, i):
            a, b = super().__getitem__(i)
            return a * 2, b

    assert [t.tolist() for t in next(iter(DataLoader(Doubled(pyt.arange(3), pyt.arange(3)),
                                                     batch_size=3)))] == [[0, 2, 4], [0, 1, 2]]
