"""Malformed signals and sc_format arguments raise scatnet's exceptions with helpful messages (G8)."""
import warnings

import numpy as np
import pytest

from scatnet import InputError, InputTypeError, ScatnetError, ScatnetWarning, sc_format, sc_propagate


def test_exception_hierarchy():
    assert issubclass(InputError, ValueError) and issubclass(InputError, ScatnetError)
    assert issubclass(InputTypeError, TypeError) and issubclass(InputTypeError, ScatnetError)


# ---------------------------------------------------------------------------------------------
# signals


def test_too_long_signal_names_the_size(small_archs):
    """Without chunking, a signal longer than ``size`` is refused, naming both lengths."""
    with pytest.raises(InputError, match=r"4096 samples .* size=2048"):
        sc_propagate(np.zeros((2, 4096)), small_archs)
    with pytest.raises(InputError, match=r"2049 samples .* size=2048"):
        sc_propagate(np.zeros(2049), small_archs)


def test_too_long_signal_is_a_value_error(small_archs):
    with pytest.raises(ValueError, match="size=2048"):
        sc_propagate(np.zeros(4096), small_archs)


def test_too_long_signal_is_not_told_to_transpose(small_archs):
    """A (K, N) batch in the right layout but too long must not get the transpose hint."""
    with pytest.raises(InputError, match=r"4096 samples") as excinfo:
        sc_propagate(np.zeros((3, 4096)), small_archs)
    assert "transpose" not in str(excinfo.value), str(excinfo.value)


def test_transposed_input_hint(small_archs):
    """MATLAB's N × K layout (signals as columns, N = size) gets a hint to transpose."""
    with pytest.raises(InputError, match="transpose"):
        sc_propagate(np.zeros((small_archs.size, 3)), small_archs)


def test_three_dimensional_input(small_archs):
    with pytest.raises(InputError, match=r"\(N,\) or \(K, N\).*shape=\(2, 3, 2048\)"):
        sc_propagate(np.zeros((2, 3, small_archs.size)), small_archs)


def test_zero_dimensional_input(small_archs):
    """A 0-d array is a wrong rank like any other: InputError, not an internal IndexError."""
    with pytest.raises(InputError, match=r"\(N,\) or \(K, N\)"):
        sc_propagate(np.array(1.0), small_archs)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_, np.float16])
def test_non_float_dtype(small_archs, dtype):
    x = np.zeros(small_archs.size, dtype=dtype)
    with pytest.raises(InputTypeError, match=r"float32 or float64; got dtype=" + np.dtype(dtype).name):
        sc_propagate(x, small_archs)


def test_int_dtype_is_a_type_error(small_archs):
    with pytest.raises(TypeError, match="astype"):
        sc_propagate(np.zeros(small_archs.size, dtype=np.int64), small_archs)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_complex_input(small_archs, dtype):
    with pytest.raises(InputTypeError, match="must be real"):
        sc_propagate(np.zeros(small_archs.size, dtype=dtype), small_archs)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nan_inf(small_archs, bad, dtype):
    x = np.zeros((2, small_archs.size), dtype=dtype)
    x[1, 5] = bad
    with pytest.raises(InputError, match=r"NaN or Inf \(first at index \(1, 5\)\)"):
        sc_propagate(x, small_archs)


def test_nan_in_1d_input(small_archs):
    x = np.zeros(small_archs.size)
    x[7] = np.nan
    with pytest.raises(InputError, match=r"NaN or Inf \(first at index \(0, 7\)\)"):
        sc_propagate(x, small_archs)


def test_empty_batch(small_archs):
    with pytest.raises(InputError, match="empty"):
        sc_propagate(np.zeros((0, small_archs.size)), small_archs)


def test_empty_signal(small_archs):
    with pytest.raises(InputError, match=r"empty|0 samples"):
        sc_propagate(np.zeros(0), small_archs)


@pytest.mark.parametrize("x", ["abc", None, 3.0, {"x": 1}], ids=["str", "None", "float", "dict"])
def test_non_array_input(small_archs, x):
    with pytest.raises(InputTypeError, match="numpy array"):
        sc_propagate(x, small_archs)


def test_list_input_accepted(small_archs, rng):
    x = rng.standard_normal((2, small_archs.size))
    S_list = sc_propagate(x.tolist(), small_archs)
    S_arr = sc_propagate(x, small_archs)
    for a, b in zip(S_list, S_arr):
        for ta, tb in zip(a, b):
            np.testing.assert_array_equal(ta.data, tb.data)
    S1 = sc_propagate(list(x[0]), small_archs)
    assert S1[1][0].data.shape == S_arr[1][0].data.shape[1:]


def test_more_signals_than_samples_warns(small_archs):
    """A batch with more rows than samples per row is probably transposed: a ScatnetWarning."""
    with pytest.warns(ScatnetWarning, match=r"x\.T"):
        sc_propagate(np.zeros((100, 64)), small_archs)


def test_ordinary_batch_does_not_warn(small_archs, rng):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sc_propagate(rng.standard_normal((3, small_archs.size)), small_archs)


def test_single_row_batch_keeps_its_axis(small_archs, rng):
    x = rng.standard_normal((1, small_archs.size))
    S = sc_propagate(x, small_archs)
    assert S[0][0].data.shape[0] == 1 and S[1][0].data.ndim == 3


# ---------------------------------------------------------------------------------------------
# sc_format


@pytest.fixture(scope="module")
def results(small_archs):
    x = np.random.default_rng(20240607).standard_normal((2, small_archs.size))
    return sc_propagate(x, small_archs, return_U=True)


def test_sc_format_refuses_non_S(results):
    S, U = results
    with pytest.raises(InputError, match="expects the S"):
        sc_format(U)
    with pytest.raises(InputError, match="expects the S"):
        sc_format([t.data for t in S[1]])
    with pytest.raises(InputError, match="expects the S"):
        sc_format(np.zeros((3, 4)))


@pytest.mark.parametrize("layers", [[3], [-1], [1, 5]])
def test_sc_format_layers_out_of_range(results, layers):
    S, _ = results
    with pytest.raises(InputError, match=r"layers contains -?\d+, but S has orders 0 … 2"):
        sc_format(S, layers=layers)


def test_sc_format_invalid_layout(results):
    S, _ = results
    with pytest.raises(InputError, match="layout='columns' is not one of"):
        sc_format(S, layout="columns")


def test_sc_format_different_frame_counts(rng):
    from scatnet import sc_setup
    archs = sc_setup([{"time": {"size": 2048, "T": 128, "max_Q": 4, "is_chunked": False,
                                "S_log2_oversampling": 1}}, {"time": {}}])
    S = sc_propagate(rng.standard_normal(2048), archs)
    assert S[0][0].data.shape[-1] != S[1][0].data.shape[-1]
    with pytest.raises(InputError, match="different frame counts"):
        sc_format(S, layers=[0, 1])


def test_sc_format_shapes(results):
    S, _ = results
    F, paths = sc_format(S)
    assert F.shape[:2] == (2, len(paths))
    Fm, _paths_m = sc_format(S, layout="matlab")
    assert Fm.shape == (2 * len(paths), F.shape[-1])
    np.testing.assert_array_equal(Fm[0::2], F[0])  # channel varies fastest within each path
    np.testing.assert_array_equal(Fm[1::2], F[1])


@pytest.mark.parametrize("n_jobs, error, match", [
    (0, "InputError", "n_jobs=0 runs nothing"),
    (2.5, "InputTypeError", "n_jobs=2.5 must be an integer"),
    ("4", "InputTypeError", "n_jobs='4' must be an integer"),
])
def test_n_jobs_is_checked(small_archs, n_jobs, error, match):
    import scatnet
    with pytest.raises(getattr(scatnet, error), match=match):
        sc_propagate(np.ones(small_archs.size), small_archs, n_jobs=n_jobs)


def test_negative_n_jobs_counts_from_all_cores(small_archs):
    x = np.ones(small_archs.size)
    a = sc_propagate(x, small_archs, n_jobs=-1)
    b = sc_propagate(x, small_archs, n_jobs=1)
    assert a[1][0].data.tobytes() == b[1][0].data.tobytes()
