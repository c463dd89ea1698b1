"""Kymatio parity: ``scatnet.kymatio.Scattering1D`` against Kymatio 0.3.0's NumPy frontend.

Kymatio runs live (the ``test`` extra installs ``kymatio==0.3.0``), on small signals: every path
of every setting of the grid within :data:`PARITY_RTOL` (``max|a − b| / max|b|`` per path),
``meta()`` and ``output_size()`` equal, the filters equal. Kymatio 0.3.0 runs unmodified under
NumPy 2 and SciPy 1.17 (no shim needed); its frontend is imported from its module because
``kymatio.numpy`` fails to import with recent SciPy.
"""
import itertools
import warnings

import numpy as np
import pytest
from kymatio.scattering1d import filter_bank as kymatio_filter_bank
from kymatio.scattering1d.frontend import numpy_frontend  # the test extra: kymatio==0.3.0

from scatnet.kymatio import Scattering1D, scattering_filter_factory

from _reference import PARITY_RTOL, rel_error

#: float32 runs against Kymatio's float64: single-precision rounding through two orders.
FLOAT32_RTOL = 1e-5


def kymatio(**kwargs):
    """Kymatio 0.3.0's NumPy frontend, its warnings (deprecations, short supports) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return numpy_frontend.ScatteringNumPy1D(**kwargs)


def ours(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Scattering1D(**kwargs)


def as_list(out, meta):
    """Any out_type as a list of (key, coef)."""
    if isinstance(out, dict):
        return list(out.items())
    if isinstance(out, list):
        return [(d["n"], d["coef"]) for d in out]
    return [(key, out[..., c, :]) for c, key in enumerate(meta["key"])]


def assert_same(a, b, meta, rtol, label):
    a, b = as_list(a, meta), as_list(b, meta)
    assert [k for k, _ in a] == [k for k, _ in b], f"{label}: path keys differ"
    for (key, x), (_, y) in zip(a, b):
        assert x.shape == y.shape, f"{label}: path {key} shape {x.shape} != {y.shape}"
        err = rel_error(x, y)
        assert err <= rtol, f"{label}: path {key} error {err:.2e} > {rtol:.0e}"


def assert_meta_equal(s, k, label):
    ms, mk = s.meta(), k.meta()
    assert set(ms) == set(mk), label
    for name in ("order", "xi", "sigma", "j", "n"):
        np.testing.assert_array_equal(ms[name], mk[name], err_msg=f"{label}: meta {name}")
    assert ms["key"] == mk["key"], f"{label}: meta key"
    assert s.output_size() == k.output_size(), label
    assert s.output_size(detail=True) == k.output_size(detail=True), label


GRID = list(itertools.product([3, 6], [1, 8, (4, 2)], [None, 24, 0], [1, 2], [0, 2],
                              [256, 777]))


@pytest.mark.parametrize("J, Q, T, max_order, oversampling, N", GRID,
                         ids=[f"J{J}-Q{Q}-T{T}-m{m}-os{o}-N{N}".replace(" ", "")
                              for J, Q, T, m, o, N in GRID])
def test_grid(J, Q, T, max_order, oversampling, N, rng):
    out_types = ("array", "list", "dict") if T != 0 else ("list", "dict")
    out_type = out_types[(J + max_order + oversampling + N) % len(out_types)]
    kw = {"J": J, "shape": N, "Q": Q, "T": T, "max_order": max_order,
          "oversampling": oversampling, "out_type": out_type}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal((2, N))
    label = ", ".join(f"{a}={b!r}" for a, b in kw.items())
    assert_same(s(x), k(x), k.meta(), PARITY_RTOL, label)
    assert_meta_equal(s, k, label)


@pytest.mark.parametrize("batch", [(), (3,), (2, 3)])
def test_batch_shapes_and_array_layout(batch, rng):
    kw = {"J": 5, "shape": 500, "Q": (6, 2)}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal(batch + (500,))
    a, b = s(x), k(x)
    assert a.shape == b.shape and a.shape[:-1] == batch + (s.output_size(),)
    assert rel_error(a, b) <= PARITY_RTOL


def test_larger_setting(rng):
    """Closer to Kymatio's benchmark (J=10, Q=8): deep subsampling, many second-order paths."""
    kw = {"J": 8, "shape": 3000, "Q": 8}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal(3000)
    assert_same(s(x), k(x), k.meta(), PARITY_RTOL, "J=8, Q=8, N=3000")


def test_float32_against_kymatio(rng):
    kw = {"J": 6, "shape": 1000, "Q": 8}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal((2, 1000))
    a = s(x.astype(np.float32))
    assert a.dtype == np.float32
    assert_same(a, k(x), k.meta(), FLOAT32_RTOL, "float32")


def test_settings_changed_after_construction(rng):
    kw = {"J": 5, "shape": 600, "Q": 4, "T": 16}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal(600)
    for obj in (s, k):
        obj.oversampling, obj.max_order, obj.out_type = 1, 1, "dict"
    assert_same(s(x), k(x), k.meta(), PARITY_RTOL, "oversampling=1, max_order=1 set later")
    assert_meta_equal(s, k, "max_order=1 set later")


def test_average_false_with_default_T(rng):
    kw = {"J": 4, "shape": 300, "Q": 2, "average": False, "out_type": "list"}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal(300)
    assert_same(s(x), k(x), k.meta(), PARITY_RTOL, "average=False")


def test_geometry_equal():
    for kw in ({"J": 6, "shape": 1000, "Q": 8}, {"J": 3, "shape": 777, "Q": (2, 2), "T": 5}):
        s, k = ours(**kw), kymatio(**kw)
        assert (s.pad_left, s.pad_right, s.N_padded) == (k.pad_left, k.pad_right, k._N_padded)
        assert s.ind_start == k.ind_start and s.ind_end == k.ind_end
        assert (s.T, s.Q, s.shape, s.average) == (k.T, k.Q, k.shape, k.average)


def test_filters_equal_kymatio_factory():
    args = (2048, 7, (8, 2), 100)
    ours_, theirs = scattering_filter_factory(*args), kymatio_filter_bank.scattering_filter_factory(*args)
    for a, b in zip([ours_[0]] + ours_[1] + ours_[2], [theirs[0]] + theirs[1] + theirs[2]):
        assert (a["xi"], a["sigma"], a["j"]) == (b["xi"], b["sigma"], b["j"])
        assert len(a["levels"]) == len(b["levels"])
        for u, v in zip(a["levels"], b["levels"]):
            np.testing.assert_allclose(u, v, rtol=0, atol=1e-15 * np.abs(v).max())
    s = ours(J=7, shape=1500, Q=(8, 2), T=100)
    assert len(s.psi1_f) == len(theirs[1]) and s.phi_f["j"] == theirs[0]["j"]


@pytest.mark.parametrize("J", [1, 2])
def test_no_second_order_paths(J, rng):
    """Small J leaves order 2 without paths (the plan's last layer is empty)."""
    kw = {"J": J, "shape": 512, "Q": 1}
    s, k = ours(**kw), kymatio(**kw)
    x = rng.standard_normal((2, 512))
    assert_same(s(x), k(x), k.meta(), PARITY_RTOL, f"J={J}")
    assert_meta_equal(s, k, f"J={J}")
