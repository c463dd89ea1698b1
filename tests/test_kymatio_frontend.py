"""``scatnet.kymatio.Scattering1D`` on its own: errors, inputs, precision, threads, caching."""
import numpy as np
import pytest

import scatnet
from scatnet import InputError, InputTypeError, MemoryBudgetError, OptionError, OptionTypeError
from scatnet._core.memory import minimum_budget
from scatnet.kymatio import Scattering1D
from scatnet.kymatio import plan as kplan

from _reference import rel_error


@pytest.fixture(scope="module")
def small():
    return Scattering1D(J=5, shape=400, Q=(4, 2))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"J": -1}, OptionError, r"J must be an integer >= 0; got J=-1"),
    ({"J": 2.5}, OptionTypeError, r"J must be an integer"),
    ({"Q": 0}, OptionError, r"Q must be an integer >= 1; got Q=0"),
    ({"Q": (8, 2, 1)}, OptionError, r"beyond order 2"),
    ({"Q": 8.0}, OptionTypeError, r"Q must be an integer"),
    ({"shape": (400, 2)}, OptionError, r"shape must be an integer or a 1-tuple"),
    ({"T": 500}, OptionError, r"cannot exceed the signal length: got T=500 > shape=400"),
    ({"T": 0.5}, OptionError, r"T must be 0 \(no averaging\) or >= 1; got T=0.5"),
    ({"T": "64"}, OptionTypeError, r"T must be None, 0 or a number"),
    ({"T": 0, "out_type": "list", "average": True}, OptionError, r"T=0 means no averaging"),
    ({"T": 16, "average": False}, OptionError, r"average=False contradicts T=16"),
    ({"max_order": 3}, OptionError, r"max_order must be 1 or 2; got max_order=3"),
    ({"oversampling": -1}, OptionError, r"oversampling must be an integer >= 0"),
    ({"oversampling": 1.5}, OptionTypeError, r"oversampling must be an integer"),
    ({"out_type": "tensor"}, OptionError, r"out_type must be one of"),
    ({"T": 0}, OptionError, r"out_type='array' needs averaged outputs"),
    ({"J": 9, "shape": 64}, OptionError, r"subsampled by 2\*\*9 but the padded signals"),
])
def test_option_errors(kwargs, error, match, recwarn):
    args = {"J": 5, "shape": 400, "Q": 4} | kwargs
    with pytest.raises(error, match=match):
        Scattering1D(**args)


def test_average_is_deprecated():
    with pytest.warns(DeprecationWarning, match="average is deprecated"):
        S = Scattering1D(J=3, shape=100, T=0, average=False, out_type="list")
    assert not S.average and S.T == 8


@pytest.mark.parametrize("x, error, match", [
    (np.zeros(300), InputError, r"shape \(\.\.\., N\) with N=400"),
    (np.zeros(400, dtype=np.int64), InputTypeError, r"float32 or float64; got dtype=int64"),
    (np.zeros(400, dtype=complex), InputTypeError, r"real float32 or float64"),
    (np.array(1.0), InputError, r"with N=400"),
    (np.zeros((0, 400)), InputError, r"holds no signal"),
    (np.full(400, np.nan), InputError, r"NaN or Inf \(first at index \(0,\)\)"),
    ("signal", InputTypeError, r"numpy array"),
])
def test_input_errors(small, x, error, match):
    with pytest.raises(error, match=match):
        small(x)


def test_array_needs_average_at_call(small, rng):
    S = Scattering1D(J=4, shape=200, T=0, out_type="list")
    S.out_type = "array"
    with pytest.raises(OptionError, match="out_type='array' needs averaged"):
        S(rng.standard_normal(200))


def test_batch_equals_single_and_layouts_agree(small, rng):
    x = rng.standard_normal((2, 3, 400))
    full = small(x)
    assert full.shape == (2, 3, small.output_size(), full.shape[-1])
    np.testing.assert_array_equal(full[1, 2], small(x[1, 2]))
    small.out_type = "list"
    try:
        listed = small(x)
        small.out_type = "dict"
        keyed = small(x)
    finally:
        small.out_type = "array"
    assert [d["n"] for d in listed] == small.meta()["key"] == list(keyed)
    for c, d in enumerate(listed):
        np.testing.assert_array_equal(d["coef"], full[..., c, :])
        assert d["j"] == tuple(int(v) for v in small.meta()["j"][c][:len(d["n"])])


def test_threads_and_memory_budget_do_not_change_results(small, rng):
    x = rng.standard_normal((5, 400))
    ref = small(x, n_jobs=1)
    np.testing.assert_array_equal(small(x, n_jobs=2), ref)
    least = minimum_budget(small._plan().plan, np.float64)  # one signal, rows one at a time
    np.testing.assert_array_equal(small(x, memory_budget=least), ref)
    with pytest.raises(MemoryBudgetError, match="needs at least"):
        small(x, memory_budget=least - 1)


def test_float32_and_odd_inputs(small, rng):
    x = rng.standard_normal((3, 800))[:, ::2]  # non-contiguous
    x.setflags(write=False)
    ref = small(x)
    out32 = small(x.astype(np.float32))
    assert out32.dtype == np.float32 and ref.dtype == np.float64
    assert rel_error(out32, ref) < 1e-5
    np.testing.assert_array_equal(small(x.tolist()), ref)


def test_unaveraged_outputs_are_subsampled_moduli(rng):
    S = Scattering1D(J=4, shape=256, Q=2, T=0, max_order=1, out_type="list")
    x = rng.standard_normal(256)
    out = S(x)
    np.testing.assert_array_equal(out[0]["coef"], x)  # order 0 without averaging is x itself
    for d in out[1:]:
        assert d["coef"].min() >= 0 and d["coef"].shape == (S.ind_end[max(d["j"][0], 0)]
                                                            - S.ind_start[max(d["j"][0], 0)],)


def test_plans_are_cached_and_cleared():
    S = Scattering1D(J=3, shape=128, Q=2)
    assert S._plan() is Scattering1D(J=3, shape=128, Q=2)._plan()
    scatnet.clear_cache()
    assert not kplan._PLANS
    assert S(np.ones(128)).shape[0] == S.output_size()


def test_filters_for_plotting():
    S = Scattering1D(J=6, shape=1000, Q=8)
    assert len(S.psi1_f) == S.output_size(detail=True)[1]
    assert S.phi_f["levels"][0].shape == (S.N_padded,)
    assert all(f["levels"][0].shape == (S.N_padded,) for f in S.psi1_f + S.psi2_f)
    assert [f["xi"] for f in S.psi1_f] == list(S.meta()["xi"][1:1 + len(S.psi1_f), 0])
    assert "Scattering1D(J=6, shape=1000, Q=(8, 1)" in repr(S)


def test_row_sink_keeps_the_offset_window():
    """``Group.offset`` (core): the sink keeps samples ``offset … offset + valid − 1``."""
    from scatnet._core.filtering import FoldFilters
    from scatnet._core.plan import Group, LayerPlan, Plan, Step
    from scatnet._core.sinks import RowSink
    u = Group(ls=0, length=8, paths=[()], rows=np.zeros(1, np.int64), valid=3, offset=2)
    s = Group(ls=-1, length=4, paths=[()], rows=np.zeros(1, np.int64), valid=2, offset=1)
    plan = Plan(size=8, layers=[LayerPlan(order=0, groups=[u], paths=[()],
                                          blur=Step(FoldFilters.pack([]), [s], []), scatter=None)])
    sink = RowSink(plan, 2, np.float64, np.complex128, True, False)
    rows = np.arange(16.0).reshape(2, 1, 8)
    sink.put(0, 2, [[rows[:, :, :4] * 10]], [[rows]], None)
    S, U, _ = sink.finish()
    np.testing.assert_array_equal(U[0][0], rows[:, :, 2:5])
    np.testing.assert_array_equal(S[0][0], rows[:, :, 1:3] * 10)
