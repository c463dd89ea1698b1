"""The reconstruction objective: distance in the scattering domain, and its exact gradient.

For a signal ``x`` (chunked or padded as :func:`scatnet.sc_propagate` does), ``S(x)`` is the
unchunked S of every order, as rows ``(1, R_m, frames_m)``. With a target ``T``:

* the loss of the original (``sc_norm`` of ``T − S(x)``, :func:`loss_norms`);
* the smooth objective ``½ Σ_m ‖S_m(x) − T_m‖²`` and its gradient ``J^T (S(x) − T)``, made
  by back-propagating through the same forward pass (``sc_backpropagate``'s cascade).
"""
import numpy as np

from ..chunking import ChunkPlan, chunk_rows, unchunk_array
from .cascade import backward_rows, check_walk, forward_rows
from .chunks import chunk_adjoint, unchunk_adjoint
from .layout import kept_rows


class Objective:
    """Forward and backward passes of one architecture for signals of ``length`` samples.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    length : int
        Samples of the signal.
    n_jobs : int >= 1
        Threads.
    """

    def __init__(self, archs, length, n_jobs):
        self.walk = archs.walk()
        check_walk(self.walk, "sc_reconstruct")
        self.chunks = ChunkPlan.for_options(archs.plan, length)
        self.kept = kept_rows(self.walk, archs)
        self.n_jobs = n_jobs
        self.window = self.chunks.window()
        self.n_evaluations = 0

    def forward(self, x):
        """Scatter ``x`` (shape (length,)); returns (unchunked S rows per layer, tape).

        Parameters
        ----------
        x : ndarray, float64, shape (length,)
            The signal.

        Returns
        -------
        S : list of (ndarray, shape (1, R, frames), or None)
            The unchunked S of each order.
        tape : tuple
            What :meth:`gradient` needs.
        """
        self.n_evaluations += 1
        n_c = self.chunks.n_chunks
        rows = chunk_rows(x[None], self.chunks, 0, n_c, self.window)
        S_rows, U, Y = forward_rows(self.walk, rows, np.complex128, self.n_jobs)
        S = [None if s is None else unchunk_array(s.reshape((1, n_c) + s.shape[1:]),
                                                  self.chunks, 1) for s in S_rows]
        return S, (S_rows, U, Y)

    def gradient(self, dS, tape):
        """Back-propagate ``dS`` (unchunked, per layer) through the pass recorded in ``tape``.

        Parameters
        ----------
        dS : list of (ndarray, shape (1, R, frames), or None)
            Gradient with respect to the unchunked S of each order.
        tape : tuple
            From :meth:`forward`.

        Returns
        -------
        ndarray, float64, shape (length,)
            ``J^T dS``.
        """
        S_rows, U, Y = tape
        d_rows = [None if d is None else unchunk_adjoint(d, self.chunks, s.shape[-1])
                  for d, s in zip(dS, S_rows)]
        g = backward_rows(self.walk, d_rows, U, Y, np.complex128, self.n_jobs)
        return chunk_adjoint(g, self.chunks, 1)[0]

    def loss_norms(self, dS):
        """``sc_norm`` of a difference given as rows: the layer norms (export version).

        Parameters
        ----------
        dS : list of (ndarray, shape (1, R, frames), or None)
            Per order, the rows of the difference.

        Returns
        -------
        ndarray, shape (n_orders,)
            ``½‖dS_0‖`` and ``2**-m Σ_t ‖dS_m[kept, t]‖ / √frames`` (:func:`sc_norm`).
        """
        norms = np.zeros(len(dS))
        for m, d in enumerate(dS):
            if d is None:
                continue
            if m == 0:
                norms[0] = 0.5 * np.sqrt(np.sum(d[0, 0] ** 2))
                continue
            F = d[0, self.kept[m]]
            norms[m] = np.sqrt(np.sum(F ** 2, axis=0)).sum() / np.sqrt(F.shape[-1]) * 2.0 ** -m
        return norms
