"""``scat`` beyond parity: batches, precision, threads, blocks, U, input checks, padding."""
import numpy as np
import pytest

from scatnet import (
    InputError,
    InputTypeError,
    ScatnetWarning,
    default_filter_options,
    scat,
    wavelet_factory_1d,
)
from scatnet._core.memory import minimum_budget
from scatnet.scatnet_1d.plan import pad_index


@pytest.fixture(scope="module")
def wop():
    return wavelet_factory_1d(4096, default_filter_options("audio", 512))[0]


def _rows(S):
    return [s for layer in S for s in layer.signal]


def test_batch_equals_one_by_one(wop, rng):
    x = rng.standard_normal((3, 4096))
    batch = scat(x, wop)
    for k in range(3):
        for a, b in zip(_rows(batch), _rows(scat(x[k], wop))):
            np.testing.assert_allclose(a[k], b, rtol=0, atol=1e-13 * np.abs(b).max())


def test_blocks_threads_and_budget_change_nothing(wop, rng):
    x = rng.standard_normal((3, 4096))
    ref = _rows(scat(x, wop))
    least = minimum_budget(wop.plan(4096)[0], np.float64)  # one signal, rows one at a time
    for kwargs in ({"n_jobs": 1}, {"memory_budget": least}):
        for a, b in zip(_rows(scat(x, wop, **kwargs)), ref):
            assert a.tobytes() == b.tobytes(), kwargs


def test_float32_close_to_float64(wop, rng):
    x = rng.standard_normal(4096)
    for a, b in zip(_rows(scat(x.astype(np.float32), wop)), _rows(scat(x, wop))):
        assert a.dtype == np.float32
        assert np.abs(a - b).max() <= 1e-5 * np.abs(b).max()


def test_homogeneous_and_U_starts_with_the_input(wop, rng):
    x = rng.standard_normal(4096)
    S, U = scat(x, wop, return_U=True)
    S2 = scat(3.0 * x, wop)
    for a, b in zip(_rows(S2), _rows(S)):
        np.testing.assert_allclose(a, 3.0 * b, rtol=1e-12, atol=1e-14 * np.abs(b).max())
    np.testing.assert_array_equal(U[0].signal[0], x)
    assert len(U) == len(S) and [len(u) for u in U] == [len(s) for s in S]
    for m in range(1, len(U)):
        assert all((u >= 0).all() for u in U[m].signal)
        np.testing.assert_array_equal(U[m].meta["j"], S[m].meta["j"])
        n = [len(u) for u in U[m].signal]
        assert n == [1 + (4096 - 1) // 2 ** r for r in U[m].meta["resolution"]]


def test_short_input_keeps_its_frames(wop, rng):
    S = scat(rng.standard_normal(3000), wop)
    res = S[1].meta["resolution"][0]
    assert S[1].signal[0].shape == (1 + (3000 - 1) // 2 ** res,)


@pytest.mark.parametrize("x, error, match", [
    (np.zeros((2, 2, 16)), InputError, r"shape \(N,\) or \(K, N\)"),
    (np.zeros(16, dtype=int), InputTypeError, "float32 or float64"),
    (np.full(16, np.nan), InputError, "NaN or Inf"),
    (np.zeros(8193), InputError, r"n=8193 samples but Wop pads to at most size_filter=8192"),
])
def test_bad_inputs(wop, x, error, match):
    with pytest.raises(error, match=match):
        scat(x, wop)


def test_longer_than_design_warns(wop):
    with pytest.warns(ScatnetWarning, match="more than the N=4096"):
        scat(np.ones(5000), wop)


def test_wop_type_checked():
    with pytest.raises(InputError, match="wavelet_factory_1d"):
        scat(np.ones(16), {"M": 2})


@pytest.mark.parametrize("boundary, n, n_pad, want", [
    ("symm", 3, 6, [2, 1, 0]),
    ("symm", 3, 8, [2, 1, 2, 1, 0]),     # floor(5/2) after the signal, ceil(5/2) before it
    ("per", 3, 7, [0, 1, 1, 2]),
    ("zero", 3, 5, [-1, -1]),
])
def test_pad_index_follows_pad_signal(boundary, n, n_pad, want):
    """Octave: pad_signal((1:3)', 8, 'symm') = [1 2 3 3 2 3 2 1], pad_signal((1:3)', 7, 'per')
    = [1 2 3 1 2 2 3] (0-based sources of the padded samples here; −1 for zeros)."""
    np.testing.assert_array_equal(pad_index(n, n_pad, boundary), want)
