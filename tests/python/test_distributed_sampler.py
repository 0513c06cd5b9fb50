"""pyt.utils.data.distributed.DistributedSampler against torch's: errors without a process
group, exact index lists without shuffle, and with shuffle (pyt's random stream differs from
torch's) the partition and padding properties, determinism per (seed, epoch)."""

import pytest
import torch
from torch.utils.data.distributed import DistributedSampler as TSampler

import pyt
from pyt.utils.data.distributed import DistributedSampler as PSampler

CASES = [
    (n, r, drop)
    for n in (0, 1, 5, 10, 11, 12)
    for r in (1, 2, 3, 4)
    for drop in (False, True)
    if n > 0 or drop
]


def both(cls_args, **kw):
    n, r = cls_args
    return (
        [TSampler(range(n), num_replicas=r, rank=k, **kw) for k in range(r)],
        [PSampler(range(n), num_replicas=r, rank=k, **kw) for k in range(r)],
    )


@pytest.mark.parametrize("n,r,drop", CASES)
def test_no_shuffle_equals_torch(n, r, drop):
    ts, ps = both((n, r), shuffle=False, drop_last=drop)
    for t, p in zip(ts, ps):
        assert list(p) == list(t)
        assert len(p) == len(t) == t.num_samples == p.num_samples
        assert p.total_size == t.total_size


@pytest.mark.parametrize("n,r,drop", [c for c in CASES if c[0] > 0])
def test_shuffle_partition_properties(n, r, drop):
    ts, ps = both((n, r), shuffle=True, seed=3, drop_last=drop)
    for epoch in (0, 1):
        for s in ts + ps:
            s.set_epoch(epoch)
        tl = [list(t) for t in ts]
        pl = [list(p) for p in ps]
        assert [len(x) for x in pl] == [len(x) for x in tl]
        # the replicas' lists interleave into one permutation (padded from its start)
        total = ps[0].total_size
        merged = [pl[k % r][k // r] for k in range(total)]
        if drop:
            assert len(set(merged)) == len(merged) == total
            assert set(merged) <= set(range(n))
        else:
            assert sorted(set(merged)) == list(range(n))
            assert merged[n:] == (merged[:n] * (total // n + 1))[: total - n]
        # same permutation as pyt.randperm with a generator seeded seed + epoch
        g = pyt.Generator()
        g.manual_seed(3 + epoch)
        perm = pyt.randperm(n, generator=g).tolist()
        assert merged[: min(n, total)] == perm[: min(n, total)]


def test_shuffle_deterministic_and_epoch_dependent():
    a = PSampler(range(50), num_replicas=2, rank=0, seed=5)
    b = PSampler(range(50), num_replicas=2, rank=0, seed=5)
    assert list(a) == list(b)
    first = list(a)
    a.set_epoch(1)
    assert list(a) != first
    assert a.epoch == 1
    c = PSampler(range(50), num_replicas=2, rank=0, seed=6)
    assert list(c) != first


def test_no_process_group_errors():
    for kw in ({}, {"num_replicas": 2}, {"rank": 0}):
        with pytest.raises(ValueError) as te:
            TSampler(range(4), **kw)
        with pytest.raises(ValueError) as pe:
            PSampler(range(4), **kw)
        assert str(pe.value) == str(te.value)


@pytest.mark.parametrize("rank", [2, 3, -1])
def test_bad_rank(rank):
    with pytest.raises(ValueError) as te:
        TSampler(range(4), num_replicas=2, rank=rank)
    with pytest.raises(ValueError) as pe:
        PSampler(range(4), num_replicas=2, rank=rank)
    assert str(pe.value) == str(te.value)


def test_with_dataloader():
    x = pyt.arange(10).float()
    ds = pyt.utils.data.TensorDataset(x)
    s = PSampler(ds, num_replicas=3, rank=2, shuffle=False)
    loader = pyt.utils.data.DataLoader(ds, batch_size=2, sampler=s)
    got = [b[0].tolist() for b in loader]
    tds = torch.utils.data.TensorDataset(torch.arange(10).float())
    tl = torch.utils.data.DataLoader(
        tds, batch_size=2, sampler=TSampler(tds, num_replicas=3, rank=2, shuffle=False)
    )
    assert got == [b[0].tolist() for b in tl]
