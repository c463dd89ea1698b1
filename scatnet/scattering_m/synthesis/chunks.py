"""Adjoints of chunking (signal → windowed chunks) and of unchunking (chunk outputs → S).

MATLAB: the adjoints of scattering.m ``forward/initialize_U.m`` (chunked branch) and
``audio/unchunk_data.m``, as scatnet computes them (:mod:`scatnet.scattering_m.chunking`).

Chunking is a gather with weights: chunk ``k``, sample ``i`` is ``w[i]·x[idx[k, i]]`` (zero where
no sample falls), with ``w`` the window (1 for a single, padded chunk). Its adjoint adds
``w[i]·g[k, i]`` back onto ``x[idx[k, i]]``. The index map is made by chunking the sample
numbers themselves with :meth:`ChunkPlan.chunks`, so it is the forward's own.
"""
import numpy as np


def gather_map(chunks):
    """Get the index map and weights of chunking for a signal of ``chunks.length`` samples.

    Parameters
    ----------
    chunks : scatnet.scattering_m.chunking.ChunkPlan
        The chunk geometry.

    Returns
    -------
    idx : ndarray, int64, shape (n_chunks, size)
        Signal sample of each chunk sample (−1: zero).
    weights : ndarray, float64, shape (size,)
        The window applied to every chunk (ones for a single chunk).
    """
    numbers = np.arange(1, chunks.length + 1, dtype=np.float64)[None]
    idx = chunks.chunks(numbers, 0, chunks.n_chunks, window=np.ones(chunks.size))[0]
    weights = np.ones(chunks.size) if chunks.single else chunks.window()
    return np.rint(idx).astype(np.int64) - 1, weights


def chunk_adjoint(g_rows, chunks, K):
    """Adjoint of chunking: gradients with respect to the chunks → gradient with respect to x.

    Parameters
    ----------
    g_rows : ndarray, real, shape (K·n_chunks, size)
        Gradients with respect to each chunk (row ``r``: chunk ``r % n_chunks`` of signal
        ``r // n_chunks``).
    chunks : scatnet.scattering_m.chunking.ChunkPlan
        The chunk geometry.
    K : int
        Number of signals.

    Returns
    -------
    ndarray, real, shape (K, chunks.length)
        The gradient with respect to the signals.
    """
    idx, w = gather_map(chunks)
    L, n_c = chunks.length, chunks.n_chunks
    valid = idx >= 0
    g = (g_rows.reshape(K, n_c, -1) * w.astype(g_rows.dtype))[:, valid]  # (K, n_valid)
    flat = (idx[valid][None, :] + L * np.arange(K)[:, None]).ravel()
    out = np.bincount(flat, weights=g.ravel(), minlength=K * L).reshape(K, L)
    return out.astype(g_rows.dtype, copy=False)


def unchunk_adjoint(dS, chunks, n_in):
    """Adjoint of unchunking one output: unchunked gradients → per-chunk gradients.

    Tukey (or no) window: the kept central frames of each chunk get their part of ``dS``, the
    margins zero. Hann: every chunk gets ``dS`` divided by the summed windows, over the frames
    it covers.

    Parameters
    ----------
    dS : ndarray, real, shape (K, R, n_out)
        Gradient with respect to an unchunked output (``n_out = chunks.n_frames_out(n_in)``).
    chunks : scatnet.scattering_m.chunking.ChunkPlan
        The chunk geometry.
    n_in : int
        Frames per chunk.

    Returns
    -------
    ndarray, real, shape (K·n_chunks, R, n_in)
        The gradient with respect to each chunk's output.
    """
    K, R, n_out = dS.shape
    n_c = chunks.n_chunks
    out = np.zeros((K, n_c, R, n_in), dS.dtype)
    if chunks.windowing == "hann" and not chunks.single:
        g = dS / chunks.hann_weights(n_in, n_out)
        for c in range(n_c):
            start = chunks.chunk_start(c) * n_in // chunks.size
            lo, hi = max(start, 0), min(start + n_in, n_out)
            if hi > lo:
                out[:, c, :, lo - start:hi - start] = g[..., lo:hi]
    else:
        a, b = chunks.kept(n_in)
        h = b - a
        padded = np.zeros((K, R, n_c * h), dS.dtype)
        padded[..., :n_out] = dS
        out[..., a:b] = np.moveaxis(padded.reshape(K, R, n_c, h), 2, 1)
    return out.reshape(K * n_c, R, n_in)
