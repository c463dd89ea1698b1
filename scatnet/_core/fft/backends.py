"""FFT backends: pocketfft through SciPy (always there) and Intel MKL (``mkl_fft``).

A backend transforms 2-D C-contiguous row stacks along the last axis, writing into arrays
the caller allocated: ``rfft(u, out, threads)``, ``irfft(h, out, threads)`` (``h`` may be
overwritten), ``ifft(y, threads)`` and ``fft(y, threads)`` (in place). The row transforms of
one call are split over at most ``threads`` threads of the kept pool
(:func:`scatnet._core.fft._pool.in_rows`), each library call using one thread of its own.
Normalisation is NumPy's: ``ifft`` and ``irfft`` divide by ``n``.
"""
import numpy as np
import scipy.fft

from ._pool import in_rows


class Backend:
    """An FFT library behind the four row transforms of the engine.

    Subclasses implement the one-thread transforms ``_rfft``, ``_irfft``, ``_ifft`` and
    ``_fft`` on slices of rows; the public methods split the rows over the pool.
    """

    name = ""  #: name given to :func:`scatnet.set_fft_backend`

    def rfft(self, u, out, threads):
        """Write the real FFT of every row of ``u`` into ``out``.

        Parameters
        ----------
        u : ndarray, float32 or float64, shape (rows, n)
            C-contiguous real rows.
        out : ndarray, complex64 or complex128, shape (rows, n // 2 + 1)
            C-contiguous output of the matching complex dtype.
        threads : int >= 1
            Threads to use at most.
        """
        in_rows(self._rfft, threads, u, out)

    def irfft(self, h, out, threads):
        """Write the real inverse FFT (length ``out.shape[-1]``) of every row of ``h`` into ``out``.

        Parameters
        ----------
        h : ndarray, complex64 or complex128, shape (rows, n // 2 + 1)
            C-contiguous half spectra; may be overwritten.
        out : ndarray, float32 or float64, shape (rows, n)
            C-contiguous output of the matching real dtype.
        threads : int >= 1
            Threads to use at most.
        """
        in_rows(self._irfft, threads, h, out)

    def ifft(self, y, threads):
        """Replace every row of ``y`` by its inverse FFT.

        Parameters
        ----------
        y : ndarray, complex64 or complex128, shape (rows, n)
            C-contiguous spectra, overwritten.
        threads : int >= 1
            Threads to use at most.
        """
        in_rows(self._ifft, threads, y)

    def fft(self, y, threads):
        """Replace every row of ``y`` by its FFT.

        Parameters
        ----------
        y : ndarray, complex64 or complex128, shape (rows, n)
            C-contiguous signals, overwritten.
        threads : int >= 1
            Threads to use at most.
        """
        in_rows(self._fft, threads, y)

    def __repr__(self):
        return f"<scatnet FFT backend {self.name!r}>"


def _pocketfft_binding():
    """scipy's private pocketfft module if its ``r2c``/``c2r`` write into ``out``, else None."""
    try:
        from scipy.fft._pocketfft import pypocketfft as pp
        x = np.arange(4.0)[None]
        spec = np.empty((1, 3), dtype=complex)
        back = np.empty((1, 4))
        if (pp.r2c(x, (1,), True, 0, spec, 1) is spec and np.allclose(spec, np.fft.rfft(x))
                and pp.c2r(spec, (1,), 4, False, 2, back, 1) is back and np.allclose(back, x)):
            return pp
    except (ImportError, AttributeError, TypeError, ValueError):  # a private binding changed
        pass
    return None


_PP = _pocketfft_binding()


class ScipyBackend(Backend):
    """The pocketfft FFTs of ``scipy.fft`` (the default; ``'scipy'``).

    The real transforms write into the caller's arrays through the ``out`` argument of
    scipy's pocketfft binding (``scipy.fft._pocketfft.pypocketfft``, the functions
    ``scipy.fft.rfft``/``irfft`` call; same results). scatnet checks it at import and falls
    back to NumPy's ``rfft(out=)`` and a copy of ``scipy.fft.irfft`` if a SciPy release
    changes it. The complex transforms run in place (``overwrite_x=True`` on contiguous rows).
    """

    name = "scipy"

    def _rfft(self, u, out):
        if _PP is not None:
            _PP.r2c(u, (1,), True, 0, out, 1)
        elif u.dtype == np.float64:
            np.fft.rfft(u, axis=-1, out=out)
        else:  # NumPy's float32 rfft computes in float64 (2–3× slower)
            out[...] = scipy.fft.rfft(u, axis=-1)

    def _irfft(self, h, out):
        if _PP is not None:
            _PP.c2r(h, (1,), out.shape[-1], False, 2, out, 1)
        else:
            out[...] = scipy.fft.irfft(h, n=out.shape[-1], axis=-1, overwrite_x=True)

    def _ifft(self, y):
        res = scipy.fft.ifft(y, axis=-1, overwrite_x=True)
        if not np.shares_memory(res, y):  # scipy transforms contiguous rows in place
            y[...] = res

    def _fft(self, y):
        res = scipy.fft.fft(y, axis=-1, overwrite_x=True)
        if not np.shares_memory(res, y):
            y[...] = res


#: Names of MKL's single dynamic library (``mkl_fft`` loads it), newest first.
MKL_RT = ("libmkl_rt.so.3", "libmkl_rt.so.2", "libmkl_rt.so", "mkl_rt.2.dll", "mkl_rt.dll",
          "libmkl_rt.2.dylib", "libmkl_rt.dylib")


def _mkl_runtime():
    """MKL's runtime library, as loaded by ``mkl_fft`` (ctypes handle)."""
    import ctypes
    for name in MKL_RT:
        try:
            lib = ctypes.CDLL(name)
            lib.MKL_Set_Num_Threads_Local.restype = ctypes.c_int
            lib.MKL_Set_Num_Threads_Local.argtypes = (ctypes.c_int,)
            return lib
        except (OSError, AttributeError):
            continue
    raise ImportError(f"mkl_fft is installed but none of {MKL_RT} can be loaded")


class MklBackend(Backend):
    """Intel MKL through ``mkl_fft`` (``'mkl'``; ``pip install 'scatnet[mkl]'``).

    Each call runs MKL on one thread (``MKL_Set_Num_Threads_Local(1)``, restored after the
    call), so MKL's OpenMP runtime never starts threads beside numba's; the rows are split
    over the kept pool instead. The thread count is set through MKL's C API (ctypes), not
    mkl-service, whose import makes MKL's FFTW-compatible functions visible to every library
    loaded after it (pyFFTW would then run MKL, see :mod:`.fftw`).

    Raises
    ------
    ImportError
        If ``mkl_fft`` or MKL's runtime library cannot be loaded.
    """

    name = "mkl"

    def __init__(self):
        import mkl_fft
        self._lib, self._set_threads = mkl_fft, _mkl_runtime().MKL_Set_Num_Threads_Local

    def _one_thread(self, fn, *args, **kwargs):
        previous = self._set_threads(1)
        try:
            fn(*args, **kwargs)
        finally:
            self._set_threads(previous)

    def _rfft(self, u, out):
        self._one_thread(self._lib.rfft, u, out=out)

    def _irfft(self, h, out):
        self._one_thread(self._lib.irfft, h, n=out.shape[-1], out=out)

    def _ifft(self, y):
        self._one_thread(self._lib.ifft, y, out=y)

    def _fft(self, y):
        self._one_thread(self._lib.fft, y, out=y)
