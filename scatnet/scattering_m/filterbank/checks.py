"""Checks of the banks an architecture asks for: memory before they are built, coverage after.

* :func:`check_bank_memory` estimates, from the resolved options alone, the memory each bank
  needs while it is designed (its untrimmed Fourier responses, ``nGammas·nThetas × size``) and
  refuses, before any allocation, a bank above :func:`max_bank_bytes` (``T = 2**40``,
  ``nFilters_per_octave = 2000``, …) with the amount and the options that lower it.
* :func:`warn_littlewood_paley_holes` warns when ``nFilters_per_octave < max_Q``: the wavelets
  are then narrower than their spacing and the Littlewood–Paley sum ``Σ|ψ̂|²`` dips between
  them; the warning gives the dip, computed from the bank.

MATLAB: none (the original allocates until MATLAB runs out of memory, and does not check the
frame bounds of its banks).
"""
import os

import numpy as np

from ..._errors import OptionError, ScatnetWarning
from ..options._checks import Where, warn_user

__all__ = ["MAX_BANK_BYTES", "bank_bytes", "check_bank_memory", "littlewood_paley_dip",
           "max_bank_bytes", "warn_littlewood_paley_holes"]

#: Largest memory (bytes) one filter bank may need while it is designed: 8 GiB. The untrimmed
#: Fourier responses of a bank (``nGammas·nThetas × size`` values) are held at once before
#: they are trimmed; a bank above this limit is refused by :func:`scatnet.sc_setup` before
#: anything is allocated. The environment variable ``SCATNET_MAX_BANK_BYTES`` (bytes) replaces
#: it, e.g. on a machine with more memory.
MAX_BANK_BYTES = 2 ** 33

#: Environment variable that replaces :data:`MAX_BANK_BYTES`.
MAX_BANK_BYTES_ENV = "SCATNET_MAX_BANK_BYTES"


def max_bank_bytes():
    """Get the memory limit of one bank: ``$SCATNET_MAX_BANK_BYTES`` if set, else :data:`MAX_BANK_BYTES`.

    Returns
    -------
    int
        The limit in bytes.

    Raises
    ------
    OptionError
        The environment variable is set but is not a positive integer.
    """
    text = os.environ.get(MAX_BANK_BYTES_ENV, "").strip()
    if not text:
        return MAX_BANK_BYTES
    try:
        value = int(float(text))
    except ValueError:
        value = 0
    if value <= 0:
        raise OptionError(f"{MAX_BANK_BYTES_ENV}={text!r} must be a number of bytes > 0 (e.g. "
                          f"{2 ** 34} for 16 GiB); unset it for the default {_bytes(MAX_BANK_BYTES)}")
    return value


def _bytes(n):
    for unit, scale in (("PiB", 2 ** 50), ("TiB", 2 ** 40), ("GiB", 2 ** 30), ("MiB", 2 ** 20)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n / 2 ** 10:.1f} KiB"


def bank_bytes(spec):
    """Estimate the memory that designing a bank needs: its untrimmed Fourier responses.

    ``nGammas·nThetas × size`` values of 8 bytes (``has_real_ft``: real responses) or 16
    (complex), with ``nGammas = J·nFilters_per_octave`` (2 for finite differences). The peak is
    somewhat higher (a batch of complex rows in flight, then the trimmed copy), so this is a
    lower bound.

    Parameters
    ----------
    spec : scatnet.scattering_m.options.spec.FilterSpec
        The bank's resolved options.

    Returns
    -------
    bytes : int
        The estimate.
    n_rows : int
        ``nGammas·nThetas``.
    itemsize : int
        Bytes per value (8 or 16).
    """
    n_gammas = 2 if spec.wavelet_name == "finitediff_1d" else int(spec.nFilters_per_octave) * int(spec.J)
    n_rows = n_gammas * spec.n_thetas
    itemsize = 8 if spec.has_real_ft else 16
    return n_rows * int(spec.size) * itemsize, n_rows, itemsize


def check_bank_memory(plan):
    """Refuse, before anything is allocated, a bank or low-pass too large to be designed.

    Parameters
    ----------
    plan : scatnet.scattering_m.options.spec.Plan
        The resolved options (:func:`scatnet.scattering_m.options.resolve_options`).

    Raises
    ------
    OptionError
        A bank needs more than :func:`max_bank_bytes`: the message gives the memory, how it
        is counted and the options that lower it.
    """
    limit = max_bank_bytes()
    for m, layer in enumerate(plan.layers):
        for bank in layer.banks:
            spec = bank.filters
            need, n_rows, itemsize = bank_bytes(spec)
            low_pass = 2 * 16 * int(spec.size)  # the bank's φ and the invariant (complex)
            if need + low_pass <= limit:
                continue
            where = Where(m, bank.variable)
            spins = " × 2 spins" if spec.n_thetas == 2 else ""
            count = (f"{n_rows} wavelets (J={spec.J} octaves × "
                     f"nFilters_per_octave={spec.nFilters_per_octave}{spins})"
                     if spec.wavelet_name != "finitediff_1d" else f"{n_rows} filters")
            raise OptionError(
                f"{where}: this filter bank would need {_bytes(need + low_pass)} of memory to be "
                f"designed ({count} × size={spec.size} frequency bins × {itemsize} bytes, plus "
                f"its low-pass), more than the limit of {_bytes(limit)}. Lower "
                f"nFilters_per_octave ({spec.nFilters_per_octave}), T ({spec.T}: J = log2(T) "
                f"octaves) or size ({spec.size}; with is_chunked, size is only the chunk "
                "length); or, on a machine with enough memory, raise the limit with the "
                f"environment variable {MAX_BANK_BYTES_ENV}=<bytes> "
                "(scatnet.scattering_m.filterbank.checks.MAX_BANK_BYTES)")


def _psi_energy(filters, size):
    """``Σ|ψ̂|²`` over the trimmed filters of one support, accumulated without untrimming them."""
    total = np.zeros(size)
    coefs = filters.coefs
    for i in range(len(filters)):
        p, n = int(filters.pos_len[i]), int(filters.neg_len[i])
        if p:
            f, o = int(filters.pos_first[i]), int(filters.pos_off[i])
            total[f:f + p] += np.abs(coefs[o:o + p]) ** 2
        if n:
            last, o = size + int(filters.neg_last[i]), int(filters.neg_off[i])
            total[last - n + 1:last + 1] += np.abs(coefs[o:o + n]) ** 2
    return total


def _peak_bin(filters, i):
    """The positive-frequency bin where filter ``i`` peaks (−1 if it has no positive part)."""
    p = int(filters.pos_len[i])
    if not p:
        return -1
    o = int(filters.pos_off[i])
    return int(filters.pos_first[i]) + int(np.argmax(np.abs(filters.coefs[o:o + p])))


def littlewood_paley_dip(bank):
    """Find the smallest Littlewood–Paley sum between the peaks of the wavelets whose Q exceeds nfo.

    The sum is ``Σ_γ,θ |ψ̂|²``, symmetrised ``½[Σ(ω) + Σ(−ω)]`` for banks that are not
    spinned (as :func:`scatnet.display.littlewood_paley`, without the low-pass): 1 where the
    bank covers a frequency as a tight frame. The band searched runs from the lowest to the
    highest peak of the wavelets with ``Q(γ) > nFilters_per_octave``, where the holes are.

    Parameters
    ----------
    bank : scatnet.scattering_m.filterbank.FilterBank
        A built bank.

    Returns
    -------
    dip : float or None
        The minimum (None when no wavelet has ``Q > nFilters_per_octave``).
    frequency : float or None
        Where it is, in cycles per sample.
    """
    spec, filters = bank.spec, bank.psis[0]
    size = int(spec.size)
    wide = np.flatnonzero(bank.metas.quality_factor > spec.nFilters_per_octave)
    peaks = [b for b in (_peak_bin(filters, int(g)) for g in wide) if b > 0]
    if not peaks:
        return None, None
    energy = _psi_energy(filters, size)
    if not spec.is_spinned:
        energy[1:] = 0.5 * (energy[1:] + energy[:0:-1])
    lo, hi = min(peaks), max(peaks)
    k = lo + int(np.argmin(energy[lo:hi + 1]))
    return float(energy[k]), k / size


def warn_littlewood_paley_holes(archs):
    """Warn for each bank with ``nFilters_per_octave < max_Q``: its wavelets leave holes.

    Parameters
    ----------
    archs : scatnet.scattering_m.architecture.Architecture
        A built architecture.

    Warns
    -----
    ScatnetWarning
        Once per such bank, with the dip of its Littlewood–Paley sum.
    """
    for m, layer in enumerate(archs[:-1]):
        for plan, bank in zip(layer.bank_plans, layer.banks):
            spec = plan.filters
            if spec.wavelet_name == "finitediff_1d" or not spec.nFilters_per_octave < spec.max_Q:
                continue
            dip, freq = littlewood_paley_dip(bank)
            if dip is None:
                continue
            where = Where(m, plan.variable)
            warn_user(
                f"{where}: nFilters_per_octave={spec.nFilters_per_octave} < max_Q="
                f"{spec.max_Q:g}: the wavelets are narrower than their spacing, so their "
                f"Littlewood–Paley sum Σ|ψ̂|² has holes: it dips to {dip:.2g} (at "
                f"{freq:.4g} cycles/sample; 1 where the bank covers every frequency), and the "
                "coefficients miss part of the spectrum there. Set nFilters_per_octave ≥ "
                f"max_Q (e.g. nFilters_per_octave={int(np.ceil(spec.max_Q))}) or lower max_Q",
                ScatnetWarning)
