"""``multiply_fold`` and ``pad_rows`` (ScatNet's ``conv_sub_1d`` and ``pad_signal``) against
plain-NumPy twins, in double and single precision, full and half sources, full and Hermitian
outputs, windows that wrap bin 0, are longer than the output or shorter than it."""
import numpy as np
import pytest

from scatnet import kernels
from scatnet._core.filtering import FoldFilters, apply

from reference_impl import conv_sub_fold, hermitian_part

PRECISIONS = {"float64": (np.float64, np.complex128, 1e-13),
              "float32": (np.float32, np.complex64, 1e-5)}


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("hermitian", [False, True], ids=["fullout", "hermout"])
@pytest.mark.parametrize("half", [False, True], ids=["fullsrc", "halfsrc"])
@pytest.mark.parametrize("L, M", [(64, 64), (64, 16), (64, 1), (32, 2)])
def test_multiply_fold_matches_twin(rng, precision, hermitian, half, L, M):
    real, cplx, tol = PRECISIONS[precision]
    K = 2
    x = rng.standard_normal((K, 3, L)).astype(real)
    X_full = np.fft.fft(x, axis=-1)
    X = (np.fft.rfft(x, axis=-1) if half else X_full).astype(cplx)
    windows = [(L - 5, rng.standard_normal(11) + 1j * rng.standard_normal(11)),  # wraps bin 0
               (3, rng.standard_normal(L) + 1j * rng.standard_normal(L)),         # whole grid
               (7, rng.standard_normal(2) + 0j), (0, np.zeros(0, complex))]       # short, empty
    filters = FoldFilters.pack(windows)
    jobs = [(s, f) for s in range(3) for f in range(len(windows))]
    job_src = np.array([s for s, _ in jobs], np.int64)
    job_filter = np.array([f for _, f in jobs], np.int64)
    job_out = np.arange(len(jobs), dtype=np.int64)
    out = np.full((K, len(jobs), M // 2 + 1 if hermitian else M), np.nan, dtype=cplx)
    apply(filters, X, L, half, job_src, job_filter, job_out, out, M, hermitian, cplx)
    for k in range(K):
        for j, (s, f) in enumerate(jobs):
            want = conv_sub_fold(X_full[k, s], *windows[f], M)
            if hermitian:
                want = hermitian_part(want)
            scale = max(np.abs(X_full[k, s]).max() * max(np.abs(windows[f][1]).max(initial=0), 1), 1)
            assert np.abs(out[k, j] - want).max() <= tol * scale * L, (k, s, f)


@pytest.mark.parametrize("precision", list(PRECISIONS))
def test_pad_rows_matches_numpy(rng, precision):
    real = PRECISIONS[precision][0]
    a = rng.standard_normal((4, 12)).astype(real)
    index = np.array([4, 3, -1, 0, 2], dtype=np.int64)
    want = a.copy()
    want[:, 7:] = np.where(index >= 0, a[:, index.clip(0)], 0)
    kernels.pad_rows(a, 7, index)
    np.testing.assert_array_equal(a, want)
