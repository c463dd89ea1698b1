"""Fourier responses of a bank: sampling, spinning, Littlewood–Paley normalisation (spec §2.2–2.6).

MATLAB: scattering.m ``lib/filterbanks/setup_bank.m``, ``spin_psi_fts.m``,
``get_psi_normalizers.m``, ``lib/architecture/setup_invariant.m``.
"""
import numpy as np
import scipy.fft

from .. import filters
from ..options.spec import UserWavelet
from ._batches import batches, in_parallel
from .storage import power


def psi_time_rows(spec, metas, gammas, out):
    """Sample the time-domain wavelets ``γ ∈ gammas`` of the bank, one per row of ``out``.

    MATLAB: ``setup_bank.m`` (the ``psi_ft`` loop, before ``fft``). Morlet and gammatone rows
    come from the vectorised generators.

    Parameters
    ----------
    spec : FilterSpec
        The bank's options.
    metas : Metas
        The bank's metas (:func:`~scatnet.scattering_m.filterbank.metas.fill_bank_metas`).
    gammas : range
        0-based filter indices, consecutive.
    out : ndarray, complex128, shape (len(gammas), size)
        Filled in place.

    Returns
    -------
    ndarray, complex128, shape (len(gammas), size)
        ``out``.

    Raises
    ------
    ValueError
        If a user wavelet returns an array of another shape than ``(size,)``.
    """
    N = int(spec.size)
    name = spec.wavelet_name
    kw = {"resolutions": metas.resolution[gammas.start:gammas.stop],
          "quality_factors": metas.quality_factor[gammas.start:gammas.stop],
          "xi": float(spec.mother_xi), "cutoff_in_dB": spec.cutoff_in_dB,
          "periodization_extent": spec.periodization_extent}
    if name == "finitediff_1d":
        out[:] = filters.finitediff_1d(N).T[gammas.start:gammas.stop]
    elif isinstance(spec.wavelet, UserWavelet):
        for row, g in zip(out, gammas):
            psi = np.asarray(spec.wavelet.fn(N, metas.row(g), spec), dtype=complex)
            if psi.shape != (N,):
                raise ValueError(f"user wavelet {spec.wavelet.name!r} returned shape {psi.shape}, "
                                 f"expected ({N},): it must return the time-domain filter on the bank grid")
            row[:] = psi
    elif name == "morlet_1d":
        filters.morlet_rows(N, out=out, **kw)
    elif name == "gammatone_1d":
        filters.gammatone_rows(N, order=spec.gammatone_order, is_ift_flipped=spec.is_ift_flipped,
                               out=out, **kw)
    elif name == "RLC_1d":
        for row, res, Q in zip(out, kw.pop("resolutions"), kw.pop("quality_factors")):
            row[:] = filters.rlc_1d(N, resolution=float(res), quality_factor=float(Q),
                                    is_ift_flipped=spec.is_ift_flipped, **kw)
    else:  # pragma: no cover - options validation rejects other names
        raise ValueError(f"unknown wavelet {name!r}")
    return out


def row_energies(rows):
    """Sum ``|ψ̂|²`` over the rows, and find the first ``argmax |ψ̂|²`` of each row.

    Parameters
    ----------
    rows : ndarray, shape (n, size)
        Fourier responses, real or complex.

    Returns
    -------
    energies : ndarray, float64, shape (size,)
        ``Σ_rows |ψ̂|²`` per bin.
    maximizers : ndarray, intp, shape (n,)
        The first bin of largest ``|ψ̂|²`` of each row (0-based).
    """
    energies = power(rows)
    return energies.sum(axis=0), np.argmax(energies, axis=1)


def raw_psi_rows(spec, metas, out):
    """Fourier responses of the bank's wavelets (unnormalised), one row per γ, into ``out``.

    MATLAB: ``setup_bank.m`` (``psi_ft = fft(psi)``, ``real(psi_ft)`` if ``has_real_ft``).
    Rows are generated, transformed (along the contiguous last axis) and reduced by
    :func:`row_energies` in batches, in parallel (serially for user wavelets).

    Parameters
    ----------
    spec : FilterSpec
        The bank's options.
    metas : Metas
        The bank's metas.
    out : ndarray, shape (nGammas, size)
        Filled in place: float64 holding ``Re ψ̂`` if ``spec.has_real_ft``, else complex128.

    Returns
    -------
    total : ndarray, float64, shape (size,)
        ``Σ_γ |ψ̂_γ|²``.
    maximizers : ndarray, int64, shape (nGammas,)
        ``argmax_ω |ψ̂_γ(ω)|²`` (0-based, first maximum).
    """
    n, N = out.shape

    def transform(gammas):
        rows = out[gammas.start:gammas.stop]
        if spec.has_real_ft:
            rows = np.empty((len(gammas), N), complex)
        psi_time_rows(spec, metas, gammas, rows)
        ft = scipy.fft.fft(rows, axis=-1, overwrite_x=True)
        if spec.has_real_ft:
            out[gammas.start:gammas.stop] = ft.real
        elif ft is not rows:
            rows[:] = ft
        return row_energies(out[gammas.start:gammas.stop])

    # user wavelets are arbitrary Python code: not called from several threads at once
    parts = in_parallel(transform, batches(n), parallel=not isinstance(spec.wavelet, UserWavelet))
    total = np.zeros(N)
    for part, _ in parts:
        total += part
    return total, np.concatenate([m for _, m in parts])


def mirror_rows(fts, out):
    """Write the frequency mirrors ``conj(ψ̂(−ω))`` of the rows of ``fts`` into ``out``.

    MATLAB: ``spin_psi_fts``.

    Parameters
    ----------
    fts : ndarray, shape (n, size)
        Fourier responses.
    out : ndarray, shape (n, size)
        Filled in place; must not overlap ``fts``.

    Returns
    -------
    ndarray, shape (n, size)
        ``out``.
    """
    out[:, 0] = np.conj(fts[:, 0])
    out[:, 1:] = np.conj(fts[:, :0:-1])
    return out


def psi_normalizers(total, maximizers, quality_factors, *, is_spinned, has_real_ift,
                    symmetric=False):
    """Frequency-dependent Littlewood–Paley normaliser ``n(ω)`` (spec §2.4).

    MATLAB: ``lib/filterbanks/get_psi_normalizers.m``. From ``Σ(ω) = Σ_{γ,θ} |ψ̂|²`` (``total``)
    and the peak bin of each unmirrored filter (``maximizers``, 0-based, from
    :func:`raw_psi_rows`): with the quality factor interpolated between the peak bins ``Qc(ω)``
    (mirrored to negative frequencies) and ``Qn = Qc/Q(1)``::

        n(ω) = sqrt(spin · max_ω(Σ/Qn) · Qn(ω)),   spin = 1/2 for non-spinned analytic banks

    The original's index quirk is kept: peaks above ``size/2`` are dropped *before* the quality
    factors are looked up by position (spec §7 #11, MATLAB ``unique`` first occurrence).

    ``symmetric=True`` (scatnet's RLC wavelets, whose Lorentzian spectra are not analytic) uses
    the symmetrised energy ``½[Σ(ω) + Σ(−ω)]`` with ``spin = 1``, so that the symmetrised
    Littlewood–Paley sum of the wavelets is at most 1.

    Parameters
    ----------
    total : ndarray, float64, shape (size,)
        ``Σ(ω)``, the energy of every filter (mirrors included in spinned banks).
    maximizers : array_like of int, shape (nGammas,)
        The peak bin of each unmirrored filter, 0-based.
    quality_factors : ndarray, shape (nGammas,)
        ``Q(γ)``.
    is_spinned : bool
        Whether the bank holds mirrored filters.
    has_real_ift : bool
        Whether the wavelets are real in time (``spin = 1``).
    symmetric : bool, default False
        Use the symmetrised energy (see above).

    Returns
    -------
    ndarray, float64, shape (size,)
        ``n(ω)``; the responses are divided by it.
    """
    size = len(total)
    maximizers = np.asarray(maximizers) + 1  # 1-based, first maximum
    half = size // 2
    maximizers = maximizers[maximizers <= half]
    unique_max, unique_idx = np.unique(maximizers, return_index=True)
    unique_q = np.asarray(quality_factors)[unique_idx]
    mask = unique_max < half
    xs = np.concatenate((unique_max, size - unique_max[mask])).astype(float)
    ys = np.concatenate((unique_q, unique_q[mask]))
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    grid = np.arange(1, size + 1, dtype=float)
    q_cont = np.interp(grid, xs, ys)
    outside = (grid < xs[0]) | (grid > xs[-1])
    q_cont[outside] = q_cont[~outside].min() if (~outside).any() else ys.min()
    q_norm = q_cont / quality_factors[0]
    spin_factor = 1.0 - float((not is_spinned) and (not has_real_ift)) / 2.0
    if symmetric:
        total = 0.5 * (total + np.concatenate((total[:1], total[:0:-1])))
        spin_factor = 1.0
    energy = np.max(total / q_norm)
    return np.sqrt(spin_factor * energy * q_norm)


def psi_fourier_rows(spec, metas):
    """Compute the normalised (untrimmed) Fourier responses of the bank's ψ, one per row.

    MATLAB: ``setup_bank.m``, ``spin_psi_fts.m``, ``get_psi_normalizers.m``.

    Parameters
    ----------
    spec : FilterSpec
        The bank's options.
    metas : Metas
        The bank's metas.

    Returns
    -------
    ndarray, shape (nThetas·nGammas, size)
        Row ``γ + θ·nGammas`` holds ψ̂_{γ,θ} (θ = 0 the filter, θ = 1 its mirror in spinned
        banks): the column-major order of MATLAB's ``(γ, θ)``. float64 if
        ``spec.has_real_ft`` (the real part, MATLAB ``real(fft(...))``), else complex128.
        Finite-difference banks are not normalised.
    """
    n_g, N = len(metas), int(spec.size)
    n_rows = n_g * (2 if spec.is_spinned else 1)
    fts = np.empty((n_rows, N), float if spec.has_real_ft else complex)
    total, maximizers = raw_psi_rows(spec, metas, fts[:n_g])
    if spec.is_spinned:
        mirror_rows(fts[:n_g], fts[n_g:])
        total += np.concatenate((total[:1], total[:0:-1]))  # |mirror|² is |ψ̂(−ω)|²
    if spec.wavelet_name != "finitediff_1d":
        scale = 1.0 / psi_normalizers(total, maximizers, metas.quality_factor,
                                      is_spinned=spec.is_spinned, has_real_ift=spec.has_real_ift,
                                      symmetric=spec.wavelet_name == "RLC_1d")

        def normalize(rows):  # ψ̂ · (1/n): what NumPy's complex ψ̂ / n rounds to
            fts[rows.start:rows.stop] *= scale

        in_parallel(normalize, batches(n_rows))
    return fts


def psi_fourier(spec, metas):
    """Compute the normalised (untrimmed) Fourier responses of the bank's ψ in MATLAB's layout.

    Parameters
    ----------
    spec : FilterSpec
        The bank's options.
    metas : Metas
        The bank's metas.

    Returns
    -------
    ndarray, complex128, shape (size, nGammas, nThetas)
        :func:`psi_fourier_rows`, frequency first.
    """
    fts = psi_fourier_rows(spec, metas).astype(complex, copy=False)
    return fts.reshape(spec.n_thetas, len(metas), int(spec.size)).transpose(2, 1, 0)


def lowpass_time(handle, N, T, phi_bw_multiplier):
    """Sample the time-domain low-pass named ``handle``.

    Parameters
    ----------
    handle : {'gaussian_1d', 'gamma_1d', 'rectangular_1d'}
        The low-pass (MATLAB ``invariant_handle``).
    N : int
        Length of the periodic grid.
    T : int
        Averaging size, samples.
    phi_bw_multiplier : float
        Bandwidth multiplier of the Gaussian (ignored by the others).

    Returns
    -------
    ndarray, shape (N,)
        The low-pass; index ``k`` holds ``t = k`` (mod N).
    """
    if handle == "gaussian_1d":
        return filters.gaussian_1d(N, T=T, phi_bw_multiplier=phi_bw_multiplier)
    if handle == "gamma_1d":
        return filters.gamma_1d(N, T=T)
    if handle == "rectangular_1d":
        return filters.rectangular_1d(N, T=T)
    raise ValueError(f"unknown low-pass {handle!r}")  # pragma: no cover - validated upstream


#: The low-pass a bank uses on its own φ route, by wavelet (MATLAB ``setup_bank.m``);
#: RLC has none in the original (crash, spec §2.3): scatnet uses the causal gamma_1d.
BANK_LOWPASS = {"morlet_1d": "gaussian_1d", "gammatone_1d": "gamma_1d", "RLC_1d": "gamma_1d",
                "finitediff_1d": "rectangular_1d"}


def lowpass_fourier(handle, N, T, phi_bw_multiplier, has_real_ft):
    """Compute the Fourier response of a low-pass; real part only if ``has_real_ft``.

    Parameters
    ----------
    handle : {'gaussian_1d', 'gamma_1d', 'rectangular_1d'}
        The low-pass.
    N : int
        Length of the grid.
    T : int
        Averaging size, samples.
    phi_bw_multiplier : float
        Bandwidth multiplier of the Gaussian.
    has_real_ft : bool
        Keep only the real part of the response (still a complex array).

    Returns
    -------
    ndarray, complex128, shape (N,)
        The response.
    """
    ft = scipy.fft.fft(lowpass_time(handle, N, T, phi_bw_multiplier))
    return ft.real.astype(complex) if has_real_ft else ft
