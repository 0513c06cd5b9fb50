"""Samplers and random_split against torch's documented semantics.

pyt's random streams differ from torch's, so random samplers are compared on what torch
promises (lengths, which indices, with or without repetition, the distribution), with fixed
seeds so every check is deterministic; the deterministic ones (SequentialSampler,
BatchSampler, the lengths of random_split) are compared with torch directly.
"""

import warnings

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import pyt
import pyt.utils.data as pdata


def gen(seed):
    return pyt.Generator().manual_seed(seed)


# --- SequentialSampler, BatchSampler: identical to torch ----------------------------------


@pytest.mark.parametrize("n", [0, 1, 7])
def test_sequential_sampler_matches_torch(n):
    p, t = pdata.SequentialSampler(range(n)), tdata.SequentialSampler(range(n))
    assert list(p) == list(t) and len(p) == len(t) == n


@pytest.mark.parametrize("n", [0, 1, 9, 10, 11])
@pytest.mark.parametrize("batch_size", [1, 3, 10, 12])
@pytest.mark.parametrize("drop_last", [False, True])
def test_batch_sampler_matches_torch(n, batch_size, drop_last):
    p = pdata.BatchSampler(pdata.SequentialSampler(range(n)), batch_size, drop_last)
    t = tdata.BatchSampler(tdata.SequentialSampler(range(n)), batch_size, drop_last)
    assert list(p) == list(t)
    assert len(p) == len(t) == len(list(p))


def test_batch_sampler_over_any_iterable_and_random_sampler():
    batches = list(pdata.BatchSampler(pdata.RandomSampler(range(10), generator=gen(0)), 4, False))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(i for b in batches for i in b) == list(range(10))
    assert list(pdata.BatchSampler(iter([5, 6, 7]), 2, False)) == [[5, 6], [7]]


@pytest.mark.parametrize(
    "args,exc,match",
    [
        ((range(3), 0, False), ValueError, "batch_size should be a positive integer value"),
        ((range(3), True, False), ValueError, "batch_size should be a positive integer value"),
        ((range(3), 2.0, False), ValueError, "batch_size should be a positive integer value"),
        ((range(3), 2, 1), ValueError, "drop_last should be a boolean value"),
    ],
)
def test_batch_sampler_errors_match_torch(args, exc, match):
    with pytest.raises(exc, match=match):
        pdata.BatchSampler(*args)
    with pytest.raises(exc, match=match):
        tdata.BatchSampler(*args)


# --- RandomSampler ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n,replacement,num_samples",
    [(10, False, None), (10, False, 4), (10, False, 25), (10, True, None), (10, True, 70),
     (1, False, 3), (5, True, 1)],
)
def test_random_sampler_lengths_and_values(n, replacement, num_samples):
    p = pdata.RandomSampler(range(n), replacement=replacement, num_samples=num_samples,
                            generator=gen(1))
    t = tdata.RandomSampler(range(n), replacement=replacement, num_samples=num_samples)
    out = list(p)
    assert len(p) == len(t) == len(out) == (n if num_samples is None else num_samples)
    assert all(isinstance(i, int) and 0 <= i < n for i in out)
    if not replacement:
        # torch: consecutive permutations, the last one cut short.
        for start in range(0, len(out), n):
            chunk = out[start:start + n]
            assert len(set(chunk)) == len(chunk)
            if len(chunk) == n:
                assert sorted(chunk) == list(range(n))


def test_random_sampler_is_reproducible_with_a_generator_and_reshuffles_each_pass():
    a = pdata.RandomSampler(range(50), generator=gen(3))
    b = pdata.RandomSampler(range(50), generator=gen(3))
    first, second = list(a), list(a)
    assert first == list(b) and second == list(b)
    assert first != second and first != list(range(50))


def test_random_sampler_without_generator_follows_the_global_seed():
    pyt.manual_seed(5)
    a = list(pdata.RandomSampler(range(30))), list(pdata.RandomSampler(range(30), True))
    pyt.manual_seed(5)
    b = list(pdata.RandomSampler(range(30))), list(pdata.RandomSampler(range(30), True))
    assert a == b


def test_random_sampler_with_replacement_is_uniform():
    out = np.array(list(pdata.RandomSampler(range(8), replacement=True, num_samples=16000,
                                            generator=gen(7))))
    counts = np.bincount(out, minlength=8)
    assert counts.sum() == 16000
    # 2000 expected per value; the standard deviation is about 42.
    assert np.all(np.abs(counts - 2000) < 250), counts


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        (dict(replacement=1), TypeError, "replacement should be a boolean value"),
        (dict(num_samples=0), ValueError, "num_samples should be a positive integer value"),
        (dict(num_samples=2.5), ValueError, "num_samples should be a positive integer value"),
    ],
)
def test_random_sampler_errors_match_torch(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        pdata.RandomSampler(range(3), **kwargs)
    with pytest.raises(exc, match=match):
        tdata.RandomSampler(range(3), **kwargs)


# --- SubsetRandomSampler ------------------------------------------------------------------


def test_subset_random_sampler():
    indices = [3, 9, 4, 20, 11]
    s = pdata.SubsetRandomSampler(indices, generator=gen(2))
    a, b = list(s), list(s)
    assert len(s) == len(tdata.SubsetRandomSampler(indices)) == 5
    assert sorted(a) == sorted(b) == sorted(indices)
    assert a == list(pdata.SubsetRandomSampler(indices, generator=gen(2)))
    orders = {tuple(s) for _ in range(20)}
    assert len(orders) > 1  # reshuffled on each pass
    assert list(pdata.SubsetRandomSampler([])) == []


# --- WeightedRandomSampler ----------------------------------------------------------------


def test_weighted_sampler_with_replacement_follows_the_weights():
    w = [1.0, 0.0, 3.0, 6.0]
    s = pdata.WeightedRandomSampler(w, 20000, generator=gen(0))
    out = list(s)
    assert len(s) == len(out) == 20000 and all(isinstance(i, int) for i in out)
    freq = np.bincount(out, minlength=4) / 20000
    assert freq[1] == 0  # a zero weight is never drawn
    np.testing.assert_allclose(freq, np.array(w) / 10, atol=0.015)
    assert out == list(pdata.WeightedRandomSampler(w, 20000, generator=gen(0)))
    assert out != list(s)  # a new draw on each pass


def test_weighted_sampler_without_replacement():
    w = [0.5, 2.0, 0.0, 1.0, 4.0]
    for seed in range(5):
        out = list(pdata.WeightedRandomSampler(w, 4, replacement=False, generator=gen(seed)))
        assert len(out) == len(set(out)) == 4 and 2 not in out  # the zero weight is last
        full = list(pdata.WeightedRandomSampler(w, 5, replacement=False, generator=gen(seed)))
        assert sorted(full) == list(range(5)) and full[-1] == 2


def test_weighted_sampler_without_replacement_first_draw_follows_the_weights():
    # The first index drawn without replacement is drawn with probability w_i / sum(w);
    # the second, given the first, proportionally to the remaining weights.
    w = np.array([1.0, 2.0, 3.0, 4.0])
    g = gen(11)
    s = pdata.WeightedRandomSampler(w.tolist(), 2, replacement=False, generator=g)
    draws = [tuple(s) for _ in range(6000)]
    first = np.bincount([d[0] for d in draws], minlength=4) / len(draws)
    np.testing.assert_allclose(first, w / w.sum(), atol=0.025)
    after_3 = [d[1] for d in draws if d[0] == 3]
    second = np.bincount(after_3, minlength=4) / len(after_3)
    np.testing.assert_allclose(second, [1 / 6, 2 / 6, 3 / 6, 0], atol=0.04)


def test_weighted_sampler_accepts_tensors_and_numpy_and_stores_float64():
    for w in (pyt.tensor([1.0, 2.0]), np.array([1, 2]), (1, 2)):
        s = pdata.WeightedRandomSampler(w, 3)
        assert s.weights.dtype == pyt.float64 and s.weights.tolist() == [1.0, 2.0]
        assert len(list(s)) == 3
    assert tdata.WeightedRandomSampler([1.0, 2.0], 3).weights.dtype == torch.float64


@pytest.mark.parametrize(
    "args,kwargs,match",
    [
        (([[1.0, 2.0]], 2), {}, "weights should be a 1d sequence but given weights have shape"),
        (([1.0, 2.0], 0), {}, "num_samples should be a positive integer value"),
        (([1.0, 2.0], True), {}, "num_samples should be a positive integer value"),
        (([1.0, 2.0], 2.0), {}, "num_samples should be a positive integer value"),
        (([1.0, 2.0], 2), {"replacement": 1}, "replacement should be a boolean value"),
    ],
)
def test_weighted_sampler_argument_errors_match_torch(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        pdata.WeightedRandomSampler(*args, **kwargs)
    with pytest.raises(ValueError, match=match):
        tdata.WeightedRandomSampler(*args, **kwargs)


@pytest.mark.parametrize(
    "w,n,replacement,match",
    [
        ([1.0, -1.0], 1, True, "element < 0"),
        ([float("inf"), 1.0], 1, True, "inf"),
        ([float("nan"), 1.0], 1, False, "nan"),
        ([0.0, 0.0], 1, True, "sum of probabilities <= 0"),
        ([1.0, 1.0], 3, False, "cannot sample n_sample > prob_dist.size"),
    ],
)
def test_weighted_sampler_invalid_distributions_raise_when_iterated_like_torch(
    w, n, replacement, match
):
    s = pdata.WeightedRandomSampler(w, n, replacement=replacement)
    with pytest.raises(RuntimeError, match=match):
        list(s)
    t = tdata.WeightedRandomSampler(w, n, replacement=replacement)
    with pytest.raises(RuntimeError, match=match.replace("(", r"\(")):
        list(t)


def test_weighted_sampler_in_a_dataloader():
    ds = pdata.TensorDataset(pyt.arange(4))
    s = pdata.WeightedRandomSampler([0.0, 1.0, 0.0, 1.0], 10, generator=gen(4))
    values = [v for (b,) in pdata.DataLoader(ds, batch_size=3, sampler=s) for v in b.tolist()]
    assert len(values) == 10 and set(values) <= {1, 3}


# --- random_split -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n,lengths",
    [
        (10, [3, 7]),
        (10, [0.5, 0.5]),
        (11, [0.3, 0.3, 0.4]),
        (7, [0.1, 0.2, 0.7]),
        (30, [1 / 3, 1 / 3, 1 / 3]),
        (5, [1.0]),
    ],
)
def test_random_split_lengths_match_torch_and_partition_the_dataset(n, lengths):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parts = pdata.random_split(range(n), lengths, generator=gen(0))
        tparts = tdata.random_split(range(n), lengths, generator=torch.Generator().manual_seed(0))
    assert [len(p) for p in parts] == [len(t) for t in tparts]
    assert all(isinstance(p, pdata.Subset) for p in parts)
    items = [x for p in parts for x in p]
    assert sorted(items) == list(range(n))


def test_random_split_is_reproducible_with_a_generator():
    a = [list(p) for p in pdata.random_split(range(20), [0.25, 0.75], generator=gen(8))]
    b = [list(p) for p in pdata.random_split(range(20), [0.25, 0.75], generator=gen(8))]
    c = [list(p) for p in pdata.random_split(range(20), [0.25, 0.75], generator=gen(9))]
    assert a == b and a != c


def test_random_split_errors_and_warnings_match_torch():
    for lib in (pdata, tdata):
        with pytest.raises(ValueError, match="Sum of input lengths does not equal"):
            lib.random_split(range(10), [3, 3])
        with pytest.raises(ValueError, match="Fraction at index 1 is not between 0 and 1"):
            lib.random_split(range(10), [0.5, 1.5, -1.0])
        with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
            lib.random_split(range(2), [0.9, 0.1])
