"""FFT backends (scipy, mkl, fftw, auto): results, threads, selection, plans.

Every installed backend is checked against ``scipy.fft`` transform by transform and against the
default backend on whole scattering transforms; the parity tests (``test_parity*.py``,
``test_scatnet_parity.py``) run once per installed backend through the ``fft_backend`` fixture.
Tests of one optional library are defined only where it is installed (CI installs both).
"""
import threading
import warnings

import numpy as np
import pytest
import scipy.fft

import scatnet
from scatnet import OptionError, ScatnetWarning, sc_propagate
from scatnet._core import fft
from scatnet._core.fft import select

INSTALLED = scatnet.available_fft_backends()

#: Relative tolerance of any backend against pocketfft (max|a − b| / max|b|), per precision.
RTOL = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-5}


def _rel(a, b):
    return np.abs(a - b).max() / max(np.abs(b).max(), np.finfo(np.float64).tiny)


@pytest.fixture
def restore_backend():
    """Put back the backend (and its resolution from the environment) after the test."""
    state = dict(select._STATE)
    yield
    select._STATE.update(state)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("rows, n", [(1, 1), (3, 2), (1, 4097), (5, 384), (40, 2048)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_transform_equals_scipy(fft_backend, rng, dtype, rows, n, threads):
    backend, tol = fft.current(), RTOL[np.dtype(dtype)]
    cdtype = np.result_type(dtype, np.complex64)
    x = rng.standard_normal((rows, n)).astype(dtype)
    z = (rng.standard_normal((rows, n)) + 1j * rng.standard_normal((rows, n))).astype(cdtype)
    half = np.empty((rows, n // 2 + 1), cdtype)
    backend.rfft(x, half, threads)
    assert half.dtype == cdtype and _rel(half, scipy.fft.rfft(x)) <= tol, "rfft"
    spectrum = scipy.fft.rfft(x)
    real = np.empty((rows, n), dtype)
    backend.irfft(spectrum.copy(), real, threads)
    assert _rel(real, scipy.fft.irfft(spectrum, n)) <= tol, "irfft"
    for kind in ("fft", "ifft"):
        y = z.copy()
        getattr(backend, kind)(y, threads)
        assert y.dtype == cdtype and _rel(y, getattr(scipy.fft, kind)(z)) <= tol, kind


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scattering_equals_the_default_backend(fft_backend, small_archs, rng, dtype):
    x = rng.standard_normal((3, small_archs.size)).astype(dtype)
    got = sc_propagate(x, small_archs, return_U=True, return_Y=True)
    previous = scatnet.set_fft_backend("scipy")
    want = sc_propagate(x, small_archs, return_U=True, return_Y=True)
    scatnet.set_fft_backend(previous)
    for ours, ref in zip(got, want):
        for m in range(len(ref)):
            for a, b in zip(ours[m], ref[m]):
                assert _rel(a.data, b.data) <= RTOL[np.dtype(dtype)], f"layer {m}"


def test_row_helpers_take_views_offsets_and_empty_arrays(fft_backend, rng):
    """Non-contiguous inputs, outputs at odd offsets of a buffer (unaligned), no rows."""
    x = rng.standard_normal((6, 2, 130))[:, 1, 1:]  # strided rows, n = 129
    buffer = np.empty(6 * 65 + 1, complex)
    out = buffer[1:].reshape(6, 65)
    assert fft.rfft_into(x, out, 2) is out
    np.testing.assert_allclose(out, scipy.fft.rfft(x), rtol=0, atol=1e-12 * np.abs(out).max())
    np.testing.assert_allclose(fft.irfft(out.copy(), 129, 2), x, rtol=0, atol=1e-12)
    z = np.swapaxes(out, 0, 1)  # not contiguous: fft copies
    np.testing.assert_allclose(fft.fft(z, 2), scipy.fft.fft(z), rtol=0, atol=1e-12 * 400)
    y = np.ascontiguousarray(z)
    assert fft.ifft(y, 1, overwrite_x=True) is y
    assert fft.ifft_inplace(np.empty((0, 8), complex), 2).shape == (0, 8)
    assert fft.irfft(np.empty((2, 0, 5), complex), 8, 2).shape == (2, 0, 8)


def _spy_threads(backend, monkeypatch):
    """Record the ``threads`` of every backend call, the Python thread of every row transform and
    the most row transforms running at once."""
    calls, idents, running, lock = [], set(), [0, 0], threading.Lock()
    for kind in ("rfft", "irfft", "ifft", "fft"):
        public, rows = getattr(backend, kind), getattr(backend, "_" + kind, None)

        def spy(*args, _public=public, _kind=kind):
            calls.append((_kind, args[-1]))
            _public(*args)

        def row_spy(*args, _rows=rows):
            with lock:
                idents.add(threading.get_ident())
                running[0] += 1
                running[1] = max(running)
            try:
                _rows(*args)
            finally:
                with lock:
                    running[0] -= 1

        monkeypatch.setattr(backend, kind, spy)
        if rows is not None:
            monkeypatch.setattr(backend, "_" + kind, row_spy)
    return calls, idents, running


def _library_threads(backend, monkeypatch):
    """The thread count the FFT library itself was given, per call (MKL, FFTW, pocketfft)."""
    seen = []
    if backend.name == "mkl":
        get = fft.backends._mkl_runtime().MKL_Get_Max_Threads
        lib = backend._lib

        class Lib:
            def __getattr__(self, name):
                def call(*args, **kwargs):
                    seen.append(get())
                    return getattr(lib, name)(*args, **kwargs)
                return call

        monkeypatch.setattr(backend, "_lib", Lib())
    elif backend.name == "fftw":  # plans are built again, each recording its thread count
        fft.fftw.clear_plans()
        lib = backend._lib

        class Lib:
            def __getattr__(self, name):
                return getattr(lib, name)

            def FFTW(self, *args, **kwargs):
                seen.append(kwargs["threads"])
                return lib.FFTW(*args, **kwargs)

        monkeypatch.setattr(backend, "_lib", Lib())
    elif backend.name == "scipy" and fft.backends._PP is not None:
        pp = fft.backends._PP

        class PP:
            def r2c(self, *args):
                seen.append(args[-1])
                return pp.r2c(*args)

            def c2r(self, *args):
                seen.append(args[-1])
                return pp.c2r(*args)

        monkeypatch.setattr(fft.backends, "_PP", PP())
    return seen


def test_n_jobs_1_uses_one_thread_in_every_backend(fft_backend, small_archs, rng, monkeypatch):
    """``n_jobs=1``: every backend call gets ``threads=1``, runs in the caller's thread, and the
    library runs on one thread; ``n_jobs=2`` splits large stacks over two (the spy sees it)."""
    backend = fft.current()
    x = rng.standard_normal((64, small_archs.size))  # Y of layer 1: 64 × 27 × 2048 elements
    calls, idents, running = _spy_threads(backend, monkeypatch)
    library = _library_threads(backend, monkeypatch)
    sc_propagate(x, small_archs, n_jobs=1)
    assert calls and {t for _, t in calls} == {1}
    assert idents == {threading.get_ident()} and running[1] == 1
    assert set(library) == {1}
    calls.clear()
    idents.clear()
    sc_propagate(x, small_archs, n_jobs=2)
    assert {t for _, t in calls} == {1, 2} and len(idents) >= 2 and running[1] <= 2
    assert set(library) <= {1}


def test_set_get_and_errors(restore_backend, monkeypatch):
    assert scatnet.set_fft_backend("scipy") in select.BACKENDS
    assert scatnet.get_fft_backend() == "scipy"
    with pytest.raises(OptionError, match=r"unknown FFT backend name='cuda'; choose one of \['auto'"):
        scatnet.set_fft_backend("cuda")
    monkeypatch.setitem(select._INSTANCES, "mkl", ModuleNotFoundError("No module named 'mkl_fft'"))
    with pytest.raises(OptionError, match=r"'mkl' FFT backend cannot be used.*scatnet\[mkl\]"):
        scatnet.set_fft_backend("mkl")
    assert "mkl" not in scatnet.available_fft_backends()
    assert scatnet.get_fft_backend() == "scipy"


@pytest.mark.parametrize("name", INSTALLED + ["auto"])
def test_environment_variable_names_the_backend(restore_backend, monkeypatch, name):
    monkeypatch.setenv(select.ENV_VAR, name.upper())
    select._STATE["backend"] = None
    assert scatnet.get_fft_backend() == name


def test_unusable_environment_variable_warns_and_uses_scipy(restore_backend, monkeypatch):
    monkeypatch.setenv(select.ENV_VAR, "cufft")
    select._STATE["backend"] = None
    with pytest.warns(ScatnetWarning, match=r"SCATNET_FFT_BACKEND='cufft' cannot be used"):
        assert scatnet.get_fft_backend() == "scipy"


def test_auto_measures_each_shape_once_and_keeps_the_choice(restore_backend, rng, monkeypatch):
    scatnet.set_fft_backend("auto")
    auto = fft.current()
    measured = []
    measure = auto._measure
    monkeypatch.setattr(auto, "_measure", lambda *a: measured.append(a) or measure(*a))
    x = rng.standard_normal((4, 1000))
    first = fft.rfft(x, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = fft.rfft(x, 1)
    assert len(measured) == 1 and measured[0][:3] == ("rfft", 1000, 4)
    assert set(auto.choices.values()) <= set(INSTALLED)
    assert _rel(first, scipy.fft.rfft(x)) <= 1e-12 and _rel(second, first) <= 1e-12


if "fftw" in INSTALLED:
    from scatnet._core.fft import fftw

    def test_fftw_plans_are_kept_per_shape_and_cleared(rng):
        backend = select._instance("fftw")
        a, b = rng.standard_normal((3, 64)), np.empty((3, 33), complex)
        backend.rfft(a, b, 1)
        plan = backend._plan("rfft", a, b)
        backend.rfft(rng.standard_normal((3, 64)), b, 1)
        assert backend._plan("rfft", a, b) is plan
        assert backend._plan("rfft", a[:2], b[:2]) is not plan
        scatnet.clear_cache()
        assert backend._plan("rfft", a, b) is not plan

    def test_fftw_refuses_mkls_fftw_interface(monkeypatch):
        """mkl-service makes MKL's FFTW functions global; pyFFTW would silently run MKL."""
        import pyfftw
        monkeypatch.setattr(pyfftw, "export_wisdom", lambda: (b"", b"", b""))
        with pytest.raises(ImportError, match="another library's FFTW interface"):
            fftw.FftwBackend()
