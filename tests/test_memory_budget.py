"""The memory budget is a bound: heavy joint/spiral layers are cut in pieces inside a signal.

The peak of the arrays allocated during :func:`sc_propagate` (tracemalloc sees NumPy's
allocations) minus the outputs stays within ``memory_budget``, and the results are the bits
of an unbounded run.
"""
import tracemalloc

import numpy as np
import pytest

import scatnet
from scatnet import MemoryBudgetError, default_auditory, sc_propagate, sc_setup, sc_stream
from scatnet._core.memory import (
    PIECE_SAMPLES_MAX,
    footprint,
    minimum_budget,
    schedule,
    signal_bytes,
)

#: Python objects made during a call (tables of paths, tensors, piece descriptors).
SLACK = 2 ** 20


def _setup(extra):
    return sc_setup([default_auditory(16384, 22050, 8), {"time": {}, **extra}])


SPIRAL = {"gamma": {}, "j": {}}
JOINT = {"gamma": {}}


def _peak(x, archs, **kwargs):
    scatnet.clear_cache()  # no kept workspace: every work array is allocated in the call
    tracemalloc.start()
    try:
        S = sc_propagate(x, archs, **kwargs)
        return S, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("extra", [SPIRAL, JOINT], ids=["spiral", "joint"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("between", [0.0, 0.5])
def test_peak_stays_within_the_budget_and_results_do_not_change(rng, extra, dtype, between):
    """Budgets from the least the plan needs to halfway to one whole signal."""
    archs = _setup(extra)
    x = rng.standard_normal((3, archs.size)).astype(dtype)
    walk = archs.walk()
    least, whole = minimum_budget(walk, dtype), signal_bytes(walk, dtype)
    budget = int(least + between * (whole - least))
    assert budget < whole  # one signal does not fit whole: pieces
    unbounded = sc_propagate(x, archs, memory_budget=2 ** 34)
    sc_propagate(x, archs, memory_budget=budget)  # plans the pieces (kept on the plan)
    S, peak = _peak(x, archs, memory_budget=budget)
    outputs = sum(t.data.nbytes for layer in S for t in layer)
    assert peak - outputs <= budget + SLACK
    for layer, ref in zip(S, unbounded):
        for a, b in zip(layer, ref):
            np.testing.assert_array_equal(a.data, b.data)


def test_the_unbounded_run_would_exceed_the_budget(rng):
    """The check above is not vacuous: without pieces the same call needs several times more."""
    archs = _setup(SPIRAL)
    x = rng.standard_normal((1, archs.size))
    sc_propagate(x, archs, memory_budget=2 ** 34)
    _, peak = _peak(x, archs, memory_budget=2 ** 34)
    assert peak > 3 * minimum_budget(archs.walk(), np.float64)


def test_schedule_cuts_inside_one_signal_only_when_it_does_not_fit():
    walk = _setup(SPIRAL).walk()
    whole = signal_bytes(walk, np.float64)
    assert schedule(walk, 8, np.float64, 2 * whole) == schedule(walk, 8, np.float64, 2 * whole + 1)
    assert schedule(walk, 8, np.float64, 2 * whole).B == 2
    assert schedule(walk, 8, np.float64, 2 * whole).piece_samples is None
    f = footprint(walk, np.float64)
    least = minimum_budget(walk, np.float64)
    for budget in (whole - 1, least, (least + whole) // 2):
        cut = schedule(walk, 8, np.float64, budget)
        assert cut.piece_samples is not None
        assert cut.B * (f.fixed + f.joint + cut.piece_samples * f.per_sample) <= budget
    assert schedule(walk, 8, np.float64, least).B == 1
    at_cap = f.fixed + f.joint + f.per_sample * PIECE_SAMPLES_MAX
    assert whole - 1 >= 2 * at_cap  # two signals with pieces at the cap fit: bigger FFT batches
    assert schedule(walk, 8, np.float64, whole - 1).B == 2


def test_a_budget_below_the_least_is_refused_with_the_figure(rng):
    archs = _setup(SPIRAL)
    least = minimum_budget(archs.walk(), np.float64)
    x = rng.standard_normal(archs.size)
    with pytest.raises(MemoryBudgetError, match=rf"needs at least {least} bytes .*float32"):
        sc_propagate(x, archs, memory_budget=least - 1)
    # the default budget grows to the least the plan needs instead of refusing
    assert schedule(archs.walk(), 1, np.float64, least - 1, strict=False).B == 1


def test_stream_keeps_the_budget_too(rng):
    archs = sc_setup([{"time": {"size": 4096, "T": 256, "max_Q": 4}},
                      {"time": {}, "gamma": {}, "j": {}}])
    x = rng.standard_normal(3 * 4096)
    least = minimum_budget(archs.walk(), np.float64)
    whole = np.concatenate(list(sc_stream([x], archs, memory_budget=2 ** 34)), axis=-1)
    cut = np.concatenate(list(sc_stream([x], archs, memory_budget=least)), axis=-1)
    np.testing.assert_array_equal(cut, whole)
    with pytest.raises(MemoryBudgetError):
        next(sc_stream([x], archs, memory_budget=least - 1))


def test_the_default_budget_grows_where_an_explicit_one_refuses(rng, monkeypatch):
    """Without ``memory_budget`` a plan larger than :data:`MEMORY_BUDGET` still runs."""
    import scatnet._core.run as core_run
    monkeypatch.setattr(core_run, "MEMORY_BUDGET", 1024)
    archs = _setup(JOINT)
    x = rng.standard_normal(archs.size)
    S, U = sc_propagate(x, archs, return_U=True)
    assert np.isfinite(S[2][0].data).all() and len(U) == 3
    with pytest.raises(MemoryBudgetError, match="return_U/return_Y"):
        sc_propagate(x, archs, return_U=True, memory_budget=1024)


def test_budget_holds_when_the_real_fft_cannot_write_into_the_work_arrays(rng, monkeypatch):
    """Without scipy's pocketfft binding float32 spectra are allocated by ``rfft``: counted too."""
    from scatnet._core import engine, last_layer, memory
    only64 = (np.dtype(np.float64),)
    for module in (engine, last_layer, memory):
        monkeypatch.setattr(module, "RFFT_INTO", only64)
    archs = _setup(SPIRAL)
    x = rng.standard_normal((2, archs.size)).astype(np.float32)
    least, whole = minimum_budget(archs.walk(), np.float32), signal_bytes(archs.walk(), np.float32)
    budget = (least + whole) // 2
    unbounded = sc_propagate(x, archs, memory_budget=2 ** 34)
    sc_propagate(x, archs, memory_budget=budget)
    S, peak = _peak(x, archs, memory_budget=budget)
    outputs = sum(t.data.nbytes for layer in S for t in layer)
    assert peak - outputs <= budget + SLACK
    for layer, ref in zip(S, unbounded):
        for a, b in zip(layer, ref):
            np.testing.assert_array_equal(a.data, b.data)
