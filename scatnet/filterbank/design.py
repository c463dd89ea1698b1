"""Fourier responses of a bank: sampling, spinning, Littlewood–Paley normalisation (spec §2.2–2.6).

MATLAB: scattering.m ``lib/filterbanks/setup_bank.m``, ``spin_psi_fts.m``,
``get_psi_normalizers.m``, ``lib/architecture/setup_invariant.m``.
"""
import numpy as np
import scipy.fft

from .. import filters
from ..options.spec import UserWavelet


def raw_psi_times(spec, metas):
    """Time-domain wavelets of the bank, shape ``(size, nGammas)`` (complex)."""
    N = int(spec.size)
    name = spec.wavelet_name
    if name == "finitediff_1d":
        return filters.finitediff_1d(N).astype(complex)
    cols = []
    for g in range(len(metas)):
        kw = dict(resolution=float(metas.resolution[g]), quality_factor=float(metas.quality_factor[g]),
                  xi=float(spec.mother_xi))
        if isinstance(spec.wavelet, UserWavelet):
            psi = np.asarray(spec.wavelet.fn(N, metas, g, spec), dtype=complex)
            if psi.shape != (N,):
                raise ValueError(f"user wavelet {spec.wavelet.name!r} returned shape {psi.shape}, "
                                 f"expected ({N},): it must return the time-domain filter on the bank grid")
        elif name == "morlet_1d":
            psi = filters.morlet_1d(N, cutoff_in_dB=spec.cutoff_in_dB,
                                    periodization_extent=spec.periodization_extent, **kw)
        elif name == "gammatone_1d":
            psi = filters.gammatone_1d(N, cutoff_in_dB=spec.cutoff_in_dB, order=spec.gammatone_order,
                                       periodization_extent=spec.periodization_extent,
                                       is_ift_flipped=spec.is_ift_flipped, **kw)
        elif name == "RLC_1d":
            psi = filters.rlc_1d(N, cutoff_in_dB=spec.cutoff_in_dB,
                                 periodization_extent=spec.periodization_extent,
                                 is_ift_flipped=spec.is_ift_flipped, **kw)
        else:  # pragma: no cover - options validation rejects other names
            raise ValueError(f"unknown wavelet {name!r}")
        cols.append(psi)
    return np.stack(cols, axis=1)


def spin(fts):
    """Append the frequency mirror ``conj(ψ̂(−ω))`` of every filter as θ = 2 (MATLAB ``spin_psi_fts``).

    ``fts`` is ``(size, nGammas)``; returns ``(size, nGammas, 2)``.
    """
    mirrored = np.conj(np.concatenate((fts[:1], fts[:0:-1]), axis=0))
    return np.stack((fts, mirrored), axis=2)


def psi_normalizers(raw_fts, quality_factors, *, is_spinned, has_real_ift, symmetric=False):
    """Frequency-dependent Littlewood–Paley normaliser ``n(ω)`` (spec §2.4).

    MATLAB: ``lib/filterbanks/get_psi_normalizers.m``. With ``Σ(ω) = Σ_{γ,θ} |ψ̂|²``, the
    quality factor interpolated between the peak bins of the filters ``Qc(ω)`` (mirrored to
    negative frequencies) and ``Qn = Qc/Q(1)``::

        n(ω) = sqrt(spin · max_ω(Σ/Qn) · Qn(ω)),   spin = 1/2 for non-spinned analytic banks

    The original's index quirk is kept: peaks above ``size/2`` are dropped *before* the quality
    factors are looked up by position (spec §7 #11, MATLAB ``unique`` first occurrence).

    ``symmetric=True`` (scatnet's RLC wavelets, whose Lorentzian spectra are not analytic) uses
    the symmetrised energy ``½[Σ(ω) + Σ(−ω)]`` with ``spin = 1``, so that the symmetrised
    Littlewood–Paley sum of the wavelets is at most 1.
    """
    size = raw_fts.shape[0]
    energies = (raw_fts * np.conj(raw_fts)).real
    total = energies.reshape(size, -1).sum(axis=1)
    first = energies.reshape(size, energies.shape[1], -1)[:, :, 0]
    maximizers = np.argmax(first, axis=0) + 1  # 1-based, first maximum
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


def psi_fourier(spec, metas):
    """Normalised (untrimmed) Fourier responses ``(size, nGammas, nThetas)`` of the bank's ψ."""
    fts = scipy.fft.fft(raw_psi_times(spec, metas), axis=0)
    if spec.has_real_ft:
        fts = fts.real.astype(complex)
    fts = spin(fts) if spec.is_spinned else fts[:, :, None]
    if spec.wavelet_name != "finitediff_1d":
        normalizer = psi_normalizers(fts, metas.quality_factor, is_spinned=spec.is_spinned,
                                     has_real_ift=spec.has_real_ift,
                                     symmetric=spec.wavelet_name == "RLC_1d")
        fts = fts / normalizer[:, None, None]
    return fts


def lowpass_time(handle, N, T, phi_bw_multiplier):
    """Time-domain low-pass named ``handle`` (``gaussian_1d``, ``gamma_1d``, ``rectangular_1d``)."""
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
    """Fourier response ``(size,)`` of a low-pass; real part only if ``has_real_ft``."""
    ft = scipy.fft.fft(lowpass_time(handle, N, T, phi_bw_multiplier))
    return ft.real.astype(complex) if has_real_ft else ft
