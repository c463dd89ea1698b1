"""Work arrays reused across blocks, calls and threads (scatnet._core.workspace)."""
import threading

import numpy as np
import pytest

import scatnet
from scatnet import sc_propagate
from scatnet._core import workspace
from scatnet._core.memory import minimum_budget
from scatnet._core.run import MEMORY_BUDGET


def _kept():
    return workspace._KEPT.get(threading.current_thread())


def test_results_do_not_share_memory_with_the_kept_workspace(small_archs, rng):
    x1, x2 = rng.standard_normal((2, 3, small_archs.size))
    least = minimum_budget(small_archs.walk(), np.float64, lean=False)  # one signal per block
    S1, U1 = sc_propagate(x1, small_archs, return_U=True, memory_budget=least)
    copies = [t.data.copy() for layer in list(S1) + list(U1) for t in layer]
    S2, _ = sc_propagate(x2, small_archs, return_U=True, memory_budget=least)
    after = [t.data for layer in list(S1) + list(U1) for t in layer]
    assert all(np.array_equal(a, b) for a, b in zip(copies, after))
    assert not np.array_equal(S1[1][0].data, S2[1][0].data)


def test_the_workspace_is_kept_for_the_next_call_and_cleared(small_archs, rng):
    x = rng.standard_normal(small_archs.size)
    sc_propagate(x, small_archs)
    work = _kept()
    assert work is not None and 0 < work.nbytes <= MEMORY_BUDGET
    first = sc_propagate(x, small_archs)
    assert _kept() is work  # reused, not reallocated
    scatnet.clear_cache()
    assert _kept() is None
    again = sc_propagate(x, small_archs)
    for a, b in zip(first[1], again[1]):
        np.testing.assert_array_equal(a.data, b.data)


def test_a_workspace_above_the_budget_is_not_kept(small_archs, rng, monkeypatch):
    monkeypatch.setattr(scatnet._core.run, "MEMORY_BUDGET", 1024)
    scatnet.clear_cache()
    sc_propagate(rng.standard_normal(small_archs.size), small_archs, memory_budget=2 ** 30)
    assert _kept() is None


def test_threads_have_their_own_workspaces(small_archs, rng):
    xs = rng.standard_normal((4, 2, small_archs.size))
    expected = [sc_propagate(x, small_archs)[1][0].data for x in xs]
    got = [None] * len(xs)

    def run(i):
        for _ in range(3):
            got[i] = sc_propagate(xs[i], small_archs, n_jobs=1)[1][0].data

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(xs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(e, g)


def test_rfft_fallback_without_scipys_binding_agrees(small_archs, rng, monkeypatch):
    """Without scipy's private pocketfft binding the spectra come from NumPy's FFT."""
    from scatnet._core.fft import backends
    x = rng.standard_normal((2, small_archs.size))
    for dtype, rtol in ((np.float64, 1e-12), (np.float32, 1e-5)):
        expected = sc_propagate(x.astype(dtype), small_archs)
        monkeypatch.setattr(backends, "_PP", None)
        got = sc_propagate(x.astype(dtype), small_archs)
        monkeypatch.undo()
        for m in range(len(expected)):
            for a, b in zip(expected[m], got[m]):
                scale = np.abs(a.data).max()
                np.testing.assert_allclose(b.data, a.data, rtol=0, atol=rtol * scale)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("outputs", [{}, {"return_U": True}, {"return_U": True, "return_Y": True}])
def test_work_arrays_stay_within_the_memory_budget(small_archs, rng, dtype, outputs):
    """The per-signal estimate behind the block size covers what the blocks really allocate."""
    from scatnet._core.memory import block_size, signal_bytes
    from scatnet.scattering_m.propagate import get_walk
    walk = get_walk(small_archs)
    lean = not outputs
    budget = 3 * signal_bytes(walk, dtype, lean)
    assert block_size(walk, 10, dtype, budget, lean) == 3
    scatnet.clear_cache()
    sc_propagate(rng.standard_normal((7, small_archs.size)).astype(dtype), small_archs,
                 memory_budget=budget, **outputs)
    work = _kept()
    assert work is not None and 0 < work.nbytes <= budget
