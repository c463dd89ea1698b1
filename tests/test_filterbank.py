"""Filter banks: Littlewood–Paley bounds, cache, immutability, trimming, multiple supports (spec §2)."""
import math
from dataclasses import replace

import numpy as np
import pytest

from scatnet import clear_cache, default_auditory, sc_setup, set_cache
from scatnet.scattering_m.filterbank import setup_bank
from scatnet.scattering_m.filterbank.design import psi_fourier
from scatnet.scattering_m.filterbank.storage import pack, trim_halves
from scatnet.scattering_m.options.spec import FilterSpec

#: The first-order bank of default_auditory(8192, 8192, 8) (example_plain's bank, scaled down).
AUDITORY = FilterSpec(wavelet="morlet_1d", size=8192, T=256, J=8, max_Q=8, nFilters_per_octave=8,
                      max_scale=2048, mother_xi=1 / (1 + 2 ** (1 / 8)))
#: Like the joint-scattering 'gamma' bank: spinned, multiple supports, scales [4 8 8].
GAMMA_LIKE = FilterSpec(wavelet="morlet_1d", size=128, T=8, J=3, max_Q=1, nFilters_per_octave=1,
                        max_scale=8, mother_xi=1 / 3, is_spinned=True, has_multiple_support=True)


def littlewood_paley(bank):
    """Symmetrised LP sum ½[Σ|ψ̂(ω)|² + Σ|ψ̂(−ω)|²] + |φ̂(ω)|² (spec §2.4)."""
    psi = bank.psi_ft().reshape(bank.spec.size, -1)
    energy = (np.abs(psi) ** 2).sum(axis=1)
    mirrored = np.concatenate((energy[:1], energy[:0:-1]))
    return 0.5 * (energy + mirrored) + np.abs(bank.phi_ft()) ** 2


# ---------------------------------------------------------------------------------------------
# Littlewood–Paley


def test_auditory_spec_is_what_default_auditory_builds():
    archs = sc_setup([default_auditory(8192, 8192, 8), {"time": {}}])
    assert archs[0].bank().spec == AUDITORY


def test_littlewood_paley_morlet_bounds():
    """spec §2.4: max 1.00000000000003, min 0.32 on 0 < ω < N/2 for example_plain's bank."""
    bank = setup_bank(AUDITORY)
    lp = littlewood_paley(bank)
    N = AUDITORY.size
    assert lp.max() <= 1 + 1e-12, f"LP max {lp.max()!r}"
    band = lp[1:N // 2]
    assert band.min() > 0.3, f"LP min on the band {band.min():.4f} at bin {1 + band.argmin()}"
    # the normaliser makes the bound tight (the sum is not just small)
    assert lp.max() > 1 - 1e-6


# ---------------------------------------------------------------------------------------------
# cache


def test_cache_returns_the_same_object():
    assert setup_bank(AUDITORY) is setup_bank(AUDITORY)
    # an equal (not identical) spec hits the same entry
    assert setup_bank(replace(AUDITORY)) is setup_bank(AUDITORY)


def test_cache_can_be_disabled_and_cleared():
    small = replace(GAMMA_LIKE, is_spinned=False, has_multiple_support=False)
    previous = set_cache(False)
    try:
        assert previous is True
        a, b = setup_bank(small), setup_bank(small)
        assert a is not b
        np.testing.assert_array_equal(a.psi_ft(), b.psi_ft())
        assert set_cache(True) is False
        c = setup_bank(small)
        assert setup_bank(small) is c
        clear_cache()
        d = setup_bank(small)
        assert d is not c
        np.testing.assert_array_equal(c.psi_ft(), d.psi_ft())
    finally:
        set_cache(previous)


def test_cached_arrays_are_read_only():
    bank = setup_bank(AUDITORY)
    arrays = {"psis.coefs": bank.psis[0].coefs, "psis.pos_first": bank.psis[0].pos_first,
              "psis.neg_len": bank.psis[0].neg_len, "phis.coefs": bank.phis[0].coefs,
              "metas.resolution": bank.metas.resolution,
              "metas.quality_factor": bank.metas.quality_factor}
    for name, a in arrays.items():
        with pytest.raises(ValueError, match="read-only"):
            a[0] = a[0]
        assert not a.flags.writeable, name


# ---------------------------------------------------------------------------------------------
# trimming


@pytest.mark.parametrize("spec", [AUDITORY, replace(AUDITORY, wavelet="gammatone_1d",
                                                     has_real_ft=False, size=2048, T=64, J=6,
                                                     max_Q=4, nFilters_per_octave=4,
                                                     max_scale=256,
                                                     mother_xi=1 / (1 + 2 ** 0.25)),
                                  GAMMA_LIKE], ids=["morlet", "gammatone", "spinned"])
def test_trimming_keeps_the_significant_span_only(spec):
    bank = setup_bank(spec)
    design = psi_fourier(spec, bank.metas).reshape(spec.size, -1, order="F")
    trimmed = bank.psis[0]
    N, thr, half = spec.size, spec.trim_threshold, spec.size // 2
    for i in range(len(trimmed)):
        full = trimmed.full(i)
        d = design[:, i]
        above = np.abs(d) ** 2 > thr
        # every significant bin is kept, exactly
        np.testing.assert_array_equal(full[above], d[above], err_msg=f"filter {i}")
        kept = np.zeros(N, bool)
        pf, pl = int(trimmed.pos_first[i]), int(trimmed.pos_len[i])
        nl, nn = int(trimmed.neg_last[i]), int(trimmed.neg_len[i])
        kept[pf:pf + pl] = True
        kept[N + nl - nn + 1:N + nl + 1] = True
        # nothing outside the spans; the spans are exact copies of the design
        assert not np.any(full[~kept]), f"filter {i}: values outside the kept span"
        np.testing.assert_array_equal(full[kept], d[kept])
        # spans are tight: their end bins are significant, and each stays in its half
        assert pf + pl <= half and N + nl - nn + 1 >= half
        if pl:
            assert above[pf] and above[pf + pl - 1]
        else:
            assert not above[:half].any()
        if nn:
            assert above[N + nl - nn + 1] and above[N + nl]
        else:
            assert not above[half:].any()


def test_untrimmed_bank_equals_the_design():
    spec = replace(AUDITORY, size=2048, T=64, J=6, max_scale=512, trim_threshold=0.0)
    bank = setup_bank(spec)
    design = psi_fourier(spec, bank.metas)
    np.testing.assert_array_equal(bank.psi_ft(), design)
    assert np.all(bank.psis[0].pos_len == spec.size // 2)
    assert np.all(bank.psis[0].neg_len == spec.size // 2)


def test_trim_halves_rules():
    ft = np.zeros(16, complex)
    ft[[2, 3, 5]] = [1, 2, 3]        # positive span 2…5 (bin 4 is an inner zero, kept)
    ft[8] = 4                        # Nyquist: belongs to the negative half
    ft[[12, 14]] = [5, 6]            # negative span −4…−2
    pf, pos, nl, neg = trim_halves(ft, 0.5)
    assert pf == 2 and pos.tolist() == [1, 2, 0, 3]
    assert nl == -2 and neg.tolist() == [4, 0, 0, 0, 5, 0, 6]
    pf, pos, nl, neg = trim_halves(ft, 100.0)
    assert pf is None and pos.size == 0 and nl is None and neg.size == 0
    pf, pos, nl, neg = trim_halves(ft, 0.0)
    assert (pf, nl) == (0, -1) and pos.tolist() == ft[:8].tolist() and neg.tolist() == ft[8:].tolist()


def test_pack_round_trip(rng):
    ft = rng.standard_normal((32, 3)) + 1j * rng.standard_normal((32, 3))
    ft[:5, 0] = 0
    ft[16:, 1] = 0   # empty negative half
    ft[:16, 2] = 0   # empty positive half
    halves = [trim_halves(ft[:, i], 1e-30) for i in range(3)]
    packed = pack(32, halves, (3,))
    for i in range(3):
        np.testing.assert_array_equal(packed.full(i), ft[:, i])
    assert packed.pos_len[2] == 0 and packed.neg_len[1] == 0
    np.testing.assert_array_equal(packed.full_all(), ft)


# ---------------------------------------------------------------------------------------------
# multiple supports (spec §2.7)


def test_multiple_support_lengths_and_shapes():
    bank = setup_bank(GAMMA_LIKE)
    assert [p.size for p in bank.psis] == [128, 64, 32, 16, 8, 4]
    assert [tuple(p.shape) for p in bank.psis] == [(3, 2)] * 5 + [(1, 2)]
    assert [p.size for p in bank.phis] == [128, 64, 32, 16, 8, 4]
    for s, p in enumerate(bank.psis):
        assert bank.support_index(p.size) == s
    np.testing.assert_array_equal(bank.metas.scale, [4, 8, 8])


def test_decimation_rule_per_gamma_theta():
    """Support s+1 holds pos[::2] from ceil(pos_first/2), neg[::2] to floor(neg_last/2) of the same (γ, θ)."""
    bank = setup_bank(GAMMA_LIKE)
    for s in range(1, len(bank.psis)):
        parent, child = bank.psis[s - 1], bank.psis[s]
        n_parent, n_child = parent.shape[0], child.shape[0]
        for theta in range(2):
            for g in range(n_child):
                i, j = g + theta * n_child, g + theta * n_parent
                where = f"support {s} γ={g + 1} θ={theta + 1}"
                pos = parent.coefs[parent.pos_off[j]:parent.pos_off[j] + parent.pos_len[j]]
                neg = parent.coefs[parent.neg_off[j]:parent.neg_off[j] + parent.neg_len[j]]
                np.testing.assert_array_equal(
                    child.coefs[child.pos_off[i]:child.pos_off[i] + child.pos_len[i]], pos[::2],
                    err_msg=where)
                np.testing.assert_array_equal(
                    child.coefs[child.neg_off[i]:child.neg_off[i] + child.neg_len[i]], neg[::2],
                    err_msg=where)
                if len(pos):
                    assert child.pos_first[i] == math.ceil(parent.pos_first[j] / 2), where
                if len(neg):
                    assert child.neg_last[i] == math.floor(parent.neg_last[j] / 2), where


def test_decimation_keeps_spins():
    """Every decimated θ=1 filter peaks on the positive side, θ=2 on the negative side, and near
    its support-0 parent's peak (the original's linear-index read mixed spins, spec §7 #9)."""
    bank = setup_bank(GAMMA_LIKE)
    parents = bank.psis[0].full_all()
    for s, p in enumerate(bank.psis):
        L = p.size
        full = p.full_all()
        for g in range(full.shape[1]):
            for theta in range(2):
                f = np.abs(full[:, g, theta]) ** 2
                pos, neg = f[1:L // 2].sum(), f[L // 2 + 1:].sum()
                where = f"support {s} (L={L}) γ={g + 1} θ={theta + 1}: E+={pos:.3g} E-={neg:.3g}"
                assert (pos > neg) if theta == 0 else (neg > pos), where
                if L >= 8:  # on the 4-bin grid the peak may sit on the (sign-less) Nyquist bin
                    k_parent = int(np.argmax(np.abs(parents[:, g, theta])))
                    f_parent = (k_parent + 64) % 128 - 64  # signed frequency on the 128 grid
                    k = int(np.argmax(f))
                    f_child = (k + L // 2) % L - L // 2
                    assert np.sign(f_child) == np.sign(f_parent) != 0, (
                        where + f": peak at {f_child}, parent's at {f_parent}")


def test_user_wavelet_builds_a_bank_and_scatters(rng):
    """A Python callable as ``wavelet_handle``: called as ``fn(N, meta_row, spec)`` per filter,
    its time-domain wavelets are normalised like the built-in ones and scattering runs."""
    import numpy as np

    from scatnet import sc_propagate, sc_setup
    seen = []

    def gabor(N, meta, spec):
        seen.append(meta.gamma)
        t = np.fft.fftfreq(N, 1 / N)  # periodic time axis, 0 first
        width = 1.0 / (meta.xi / meta.quality_factor)
        return np.exp(2j * np.pi * meta.xi * t - 0.5 * (t / width) ** 2)

    archs = sc_setup([{"time": {"size": 1024, "T": 64, "max_Q": 2, "is_chunked": False,
                                "wavelet_handle": gabor}}])
    bank = archs[0].bank()
    assert sorted(set(seen)) == list(range(1, bank.n_gammas + 1))
    peaks = np.abs(bank.psi_ft()[:, :, 0]).argmax(axis=0) / 1024
    np.testing.assert_allclose(peaks, bank.metas.xi, atol=2 / 1024)
    S = sc_propagate(rng.standard_normal(1024), archs)
    assert S[1][0].data.shape[0] == bank.n_gammas and np.isfinite(S[1][0].data).all()
