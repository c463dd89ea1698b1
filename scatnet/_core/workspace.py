"""Work arrays of the propagation, reused across blocks and calls (bounded memory, no faults).

Writing into freshly allocated memory costs a page fault per page: the allocator maps large
arrays on every ``np.empty`` and unmaps them on release. Allocating the spectra, Y and U
arrays anew for every block of signals made that a quarter of :func:`scatnet.sc_propagate`'s
run time. A :class:`Workspace` holds one buffer per role, grown on demand; a call takes this
thread's workspace (:func:`acquire`) and gives it back (:func:`release`), so the next call in
the same thread finds its buffers already mapped. A workspace larger than
:data:`scatnet.scattering_m.propagate.MEMORY_BUDGET` is not kept; :func:`scatnet.clear_cache` frees them all.
"""
import math
import threading
import weakref

import numpy as np

#: The kept workspace of each thread (entries vanish with their thread).
_KEPT = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class Workspace:
    """Flat buffers keyed by role; :meth:`get` returns a view of the front of one."""

    def __init__(self):
        self._buffers = {}

    @property
    def nbytes(self):
        return sum(buf.nbytes for buf in self._buffers.values())

    def get(self, key, shape, dtype):
        """Get an array of ``shape`` and ``dtype`` in buffer ``key`` (contents undefined).

        The buffer is reallocated if it is missing, smaller than ``shape`` or of another
        dtype.

        Parameters
        ----------
        key : hashable
            The role of the buffer (e.g. ``"Y"``, ``("U", m)``).
        shape : tuple of int
            Shape of the array.
        dtype : numpy.dtype
            Dtype of the array.

        Returns
        -------
        ndarray
            A C-contiguous view of the front of the buffer, of ``shape``.
        """
        n = math.prod(shape)
        buf = self._buffers.get(key)
        if buf is None or buf.size < n or buf.dtype != dtype:
            self._buffers.pop(key, None)  # release before allocating the larger one
            buf = np.empty(n, dtype=dtype)
            self._buffers[key] = buf
        return buf[:n].reshape(shape)

    def buffer(self, key, dtype):
        """Make a function ``n → flat array of n elements`` backed by the buffer ``key``.

        Parameters
        ----------
        key : hashable
            The role of the buffer.
        dtype : numpy.dtype
            Dtype of the arrays.

        Returns
        -------
        callable
            ``f(n)`` returns ``self.get(key, (n,), dtype)``.
        """
        return lambda n: self.get(key, (n,), dtype)


def acquire():
    """Take this thread's kept workspace, or a new one (first call, or a nested call).

    Returns
    -------
    Workspace
        The workspace, removed from the kept ones until :func:`release`.
    """
    with _LOCK:
        work = _KEPT.pop(threading.current_thread(), None)
    work = work or Workspace()
    return work


def release(work, keep_bytes):
    """End a call: keep ``work`` for this thread's next call if it holds ≤ ``keep_bytes``.

    Parameters
    ----------
    work : Workspace
        The workspace the call used.
    keep_bytes : int
        Largest workspace kept, in bytes; a larger one is dropped (freed).
    """
    if work.nbytes <= keep_bytes:
        with _LOCK:
            _KEPT[threading.current_thread()] = work


def clear():
    """Free the kept workspaces of every thread (they are recreated on demand)."""
    with _LOCK:
        _KEPT.clear()
