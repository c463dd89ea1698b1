"""ScatNet 1-D options and filter banks (scatnet.scatnet_1d) against the original.

* Parity with the MATLAB reference banks of n01, n03, n04 (tests/data, shared reference README
  §6): every filter's response, truncation window, filter_freq values and meta.
* Parity with GNU Octave 7.3 (signal 1.4.3) running upstream ScatNet (commit 59d935a) on
  settings the reference files do not cover ('per'/'zero' boundaries, single precision,
  'fourier'/'fourier_multires', spline order 1, Selesnick, custom xi/sigma/P, cells of three
  types): fingerprints in ``OCTAVE_BANKS``, produced by (``padarray`` shimmed as zero padding of
  the first dimension, needed by ``selesnick_bis.m``)::

      f = filter_bank(N, opt);  % for each (N, opt) of OCTAVE_CONFIGS, each bank b:
      M = [realize_filter(f{b}.psi.filter{k}) ..., realize_filter(f{b}.phi.filter)];
      % E = sum(|M|^2), P1 = sum(M .* cos(0.37 n + 0.5 k)), P2 = sum(M .* sin(0.11 n (k+1)))
      % (n, k 0-based), P3 = sum_l (l+1) * P1(coefft{l+1}) for multires, and for truncated
      % filters (sum (k+1) start_k, sum (k+1) numel(coefft_k)).

* ``realize(L)`` against a plain NumPy twin of ``convolution/conv_sub_1d.m``.
* Option checks, the per-bank splitting, the spec's worked examples.
"""
import numpy as np
import pytest

from scatnet._errors import (
    EnforcedOptionWarning,
    InputError,
    OptionError,
    OptionTypeError,
)
from scatnet.scatnet_1d.bank import filter_bank, filter_freq
from scatnet.scatnet_1d.bank_options import bank_options, split_filter_options
from scatnet.scatnet_1d.filters import Filter1D
from scatnet.scatnet_1d.options import (
    SIGMA0,
    T_to_J,
    check_filter_options,
    check_scat_options,
    default_filter_options,
    matlab_round,
)

from _scatnet_reference import load_scatnet_case, phi_ft, psi_ft

#: Parity tolerance (spec): max|a − b| / max|b| per filter. Double-precision designs follow the
#: MATLAB operation order, so the measured error is 0 or a few ulps; 1e-10 leaves room for
#: other libm / FFT implementations.
RTOL = 1e-10
#: Single-precision banks: one float32 ulp of a rounding difference is 6e-8.
RTOL_SINGLE = 1e-6


def rel_err(a, b) -> float:
    a, b = np.asarray(a, dtype=complex), np.asarray(b, dtype=complex)
    assert a.shape == b.shape, (a.shape, b.shape)
    scale = np.max(np.abs(b))
    return float(np.max(np.abs(a - b)) / (scale if scale > 0 else 1.0))   # 0 vs 0: absolute


# ---------------------------------------------------------------------------------------------
# reference banks n01, n03, n04

def _case_options(name):
    """The filter options of each case, built from the same lines as its code_m."""
    if name == "n01_audio":
        return 65536, default_filter_options("audio", 4096)
    if name == "n03_batch":
        opt = default_filter_options("audio", 512)
        opt["Q"] = np.array([16.0, 2.0])
        opt["J"] = T_to_J(512, opt)
        return 8192, opt
    opt = {"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1]}
    opt["J"] = T_to_J(1024, opt)
    return 8192, opt


_BANKS = {}


def _banks(name):
    if name not in _BANKS:
        N, opt = _case_options(name)
        assert N == np.asarray(load_scatnet_case(name)["x"]).shape[0]
        _BANKS[name] = filter_bank(N, opt)
    return _BANKS[name]


REF_BANKS = [(c, b) for c in ("n01_audio", "n03_batch", "n04_gabor_spline") for b in (0, 1)]


@pytest.mark.parametrize("case,b", REF_BANKS, ids=[f"{c}-bank{b + 1}" for c, b in REF_BANKS])
def test_reference_bank_parity(case, b):
    ref = load_scatnet_case(case)["banks"][b]
    bank = _banks(case)[b]
    assert len(_banks(case)) == len(load_scatnet_case(case)["banks"])
    psi = psi_ft(ref)
    assert len(bank.psi) == psi.shape[1]
    errors = {i: rel_err(f.full(), psi[:, i]) for i, f in enumerate(bank.psi)}
    bad = {i: e for i, e in errors.items() if e > RTOL}
    assert not bad, f"{case} bank {b + 1}: psi index (0-based): error {bad} > {RTOL}"
    assert rel_err(bank.phi.full(), phi_ft(ref)) <= RTOL, f"{case} bank {b + 1}: phi"
    np.testing.assert_array_equal([f.start for f in bank.psi], np.atleast_1d(ref["psi_trunc_start"]))
    np.testing.assert_array_equal([len(f.coefft) for f in bank.psi],
                                  np.atleast_1d(ref["psi_trunc_length"]))
    for name in ("psi_xi", "psi_bw"):
        assert rel_err(getattr(bank, name), np.atleast_1d(ref[name])) <= RTOL, name
    assert rel_err(bank.phi_bw, ref["phi_bw"]) <= RTOL
    assert bank.size_filter == ref["size_filter"]
    assert sorted(bank.meta) == sorted(ref["meta"])
    for key, value in ref["meta"].items():
        if isinstance(value, str):
            assert bank.meta[key] == value, key
        else:
            assert rel_err(bank.meta[key], value) <= RTOL, key


def test_reference_bank_shapes():
    b1, b2 = _banks("n01_audio")
    assert (b1.meta["J"], b1.meta["P"], len(b1.psi), len(b1.psi_bw)) == (57, 11, 68, 69)
    assert (b2.meta["J"], b2.meta["P"], len(b2.psi), len(b2.psi_bw)) == (12, 0, 12, 13)
    assert b1.size_filter == 131072 and b1.options["filter_format"] == "fourier_truncated"
    xi, bw, phi_bw = filter_freq(b1.meta)
    np.testing.assert_array_equal(xi, b1.psi_xi)
    np.testing.assert_array_equal(bw, b1.psi_bw)
    assert phi_bw == b1.phi_bw
    g, s = _banks("n04_gabor_spline")
    assert g.meta["filter_type"] == "gabor_1d" and s.meta["filter_type"] == "spline_1d"
    assert s.options["Q"] == 1 and s.options["B"] == 1 and s.options["P"] == 0
    assert len(s.psi) == 10 and s.size_filter == 16384


# ---------------------------------------------------------------------------------------------
# Octave parity on settings the reference files lack

OCTAVE_CONFIGS = {
    "c1": (1000, {"boundary": "per", "Q": [4, 1], "filter_format": "fourier"}),
    "c2": (300, {"filter_type": "gabor_1d", "boundary": "zero", "Q": 2,
                 "filter_format": "fourier_multires"}),
    "c3": (512, {"precision": "single", "Q": 8, "phi_dirac": 1}),
    "c4": (128, {"filter_type": "spline_1d", "spline_order": 1, "boundary": "per",
                 "filter_format": "fourier_multires", "J": 5}),
    "c5": (100, {"filter_type": "spline_1d", "precision": "single", "J": 3}),
    "c6": (256, {"filter_type": "selesnick_1d", "boundary": "per", "precision": "single"}),
    "c7": (700, {"Q": [6, 2], "xi_psi": 2.5, "sigma_psi": [5, 1.5], "sigma_phi": 4, "P": [3, 1],
                 "truncate_threshold": 1e-2, "J": [20, 7]}),
    "c8": (64, {"filter_type": ["morlet_1d", "spline_1d", "gabor_1d"], "Q": [2, 1, 1],
                "J": [6, 3]}),
}
# (config_bank, N_f, E, P1, P2, P3 (multires), (sum (k+1) start, sum (k+1) length) (truncated))
OCTAVE_BANKS = [
    ("c1_b1", 1024, 923.5872366374839, -22.579980140263146, 0.11741323462840558, None, None),
    ("c1_b2", 1024, 844.6929180658828, 6.024633418539342, 1.7057509998364813, None, None),
    ("c2_b1", 512, 452.0090309970186, 3.7150577159185874, 1.6844918413142507, 203.03276438261565,
     None),
    ("c3_b1", 1024, 1952.3265144214945, 0.7115062996655763, -1.6907339101612457, None,
     (22780, 81408)),
    ("c4_b1", 128, 127.41160172109238, -6.879636459024853, -7.32567988762524, -159.7654650345528,
     None),
    ("c5_b1", 200, 199.99422289291846, -3.4274956510097923, 0.4861779467080387, None,
     (-821, 2000)),
    ("c6_b1", 256, 253.99558073397466, -0.9899644484458243 + 2.673472673632863j,
     5.710453168977123 + 2.9504615687622406j, None, (-857, 7360)),
    ("c7_b1", 2048, 1577.1378241004154, 5.180547351504099, 0.28164117081231405, None,
     (77459, 37504)),
    ("c7_b2", 2048, 1693.4027658799746, 5.056263782260943, 1.677276091510298, None,
     (-1750, 17728)),
    ("c8_b1", 128, 112.93295603228071, 9.363271545515236, 6.747203752761561, None, (-74, 1216)),
    ("c8_b2", 128, 127.9963021901081, -3.8761126363560097, -25.390074939386164, None,
     (-519, 1280)),
    ("c8_b3", 128, 108.33824040452402, -3.9284360423395084, -14.252324746270348, None,
     (-401, 1088)),
]


def _fingerprint(M):
    n = np.arange(M.shape[0])[:, None]
    k = np.arange(M.shape[1])[None, :]
    return (np.sum(np.abs(M) ** 2), np.sum(M * np.cos(0.37 * n + 0.5 * k)),
            np.sum(M * np.sin(0.11 * n * (k + 1))), np.sum(np.abs(M)))


@pytest.mark.parametrize("row", OCTAVE_BANKS, ids=[r[0] for r in OCTAVE_BANKS])
def test_octave_bank_parity(row):
    name, size, E, P1, P2, P3, windows = row
    cfg, b = name.split("_b")
    N, opt = OCTAVE_CONFIGS[cfg]
    bank = filter_bank(N, opt)[int(b) - 1]
    tol = RTOL_SINGLE if opt.get("precision") == "single" else RTOL
    assert bank.size_filter == size
    M = np.stack([f.full() for f in bank.psi] + [bank.phi.full()], axis=1)
    e, p1, p2, scale = _fingerprint(M)
    assert abs(e - E) <= tol * E, (e, E)
    assert abs(p1 - P1) <= tol * scale and abs(p2 - P2) <= tol * scale, (p1, P1, p2, P2)
    if P3 is not None:
        p3 = sum((lvl + 1) * _fingerprint(np.stack(
            [f.coefft[lvl] for f in bank.psi] + [bank.phi.coefft[lvl]], axis=1))[1]
            for lvl in range(len(bank.phi.coefft)))
        assert abs(p3 - P3) <= tol * scale * len(bank.phi.coefft) ** 2
    if windows is not None:
        w = np.arange(1, M.shape[1] + 1)
        filters = list(bank.psi) + [bank.phi]
        assert (int(np.sum(w * [f.start for f in filters])),
                int(np.sum(w * [len(f.coefft) for f in filters]))) == windows


# ---------------------------------------------------------------------------------------------
# realize(L) against a twin of conv_sub_1d.m

def conv_sub_1d(xf, filt, ds):
    """Plain NumPy twin of ScatNet's convolution/conv_sub_1d.m for one signal.

    ``filt`` is read through its stored MATLAB fields only (format, coefft, start, N).
    """
    L = len(xf)
    if filt.format == "fourier":
        f = filt.coefft
        fj = np.concatenate([f[:L // 2], [f[L // 2] / 2 + f[len(f) - L // 2] / 2],
                             f[len(f) - L // 2 + 1:]])
        yf = xf * fj
    elif filt.format == "fourier_multires":
        yf = xf * filt.coefft[int(np.log2(filt.size_filter / L))]
    else:
        start, coefft, N = filt.start, filt.coefft, filt.size_filter
        if len(coefft) > L:
            start0 = (start - 1) % N + 1
            n0 = len(coefft)
            if start0 + n0 - 1 <= N:
                rng = np.arange(start0 + 0, n0 - 1 + 1)  # MATLAB `start0+0:nCoeffts0-1`
            else:
                rng = np.concatenate([np.arange(start0, N + 1), np.arange(1, n0 + start0 - N)])
            lowpass = np.zeros(n0)
            for mask, value in ((rng < L / 2 + 1, 1), (rng == L / 2 + 1, 1 / 2),
                                (rng == N - L / 2 + 1, 1 / 2), (rng > N - L / 2 + 1, 1)):
                lowpass[np.flatnonzero(mask)] = value   # a shorter logical index: the first ones
            coefft = np.sum(np.reshape(coefft * lowpass, (L, n0 // L), order="F"), axis=1)
        n = len(coefft)
        s = (start - 1) % L + 1
        if s + n - 1 <= L:
            yf = xf[s - 1:s - 1 + n] * coefft
        else:
            yf = xf[np.concatenate([np.arange(s - 1, L), np.arange(0, n + s - L - 1)])] * coefft
    dsj = ds + np.log2(len(yf) / L)
    if dsj > 0:
        m = round(2 ** dsj)
        yf = np.sum(np.reshape(yf, (len(yf) // m, m), order="F"), axis=1)
    elif dsj < 0:
        yf = np.concatenate([yf, np.zeros((round(2 ** -dsj) - 1) * len(yf))])
    if filt.format == "fourier_truncated" and filt.recenter:
        yf = np.roll(yf, filt.start - 1)
    return np.fft.ifft(yf) / 2 ** (ds / 2)


def apply_realized(filt, xf, ds, **kw):
    """What the engine does with realize(L): X[k]·F[k] into output bin k mod (L / 2^ds)."""
    L = len(xf)
    start, coefs = filt.realize(L, **kw)
    assert 0 <= start < L and len(coefs) <= L
    k = (start + np.arange(len(coefs))) % L
    y = np.zeros(L >> ds, dtype=complex)
    np.add.at(y, k % (L >> ds), xf[k] * coefs)
    return np.fft.ifft(y) / 2 ** (ds / 2)


def _signal_ft(L):
    n = np.arange(L)
    return np.fft.fft(np.cos(0.3 * n) + np.sin(0.017 * n ** 2))


_C7 = OCTAVE_CONFIGS["c7"]


@pytest.mark.parametrize("fmt", ["fourier", "fourier_multires", "fourier_truncated"])
def test_realize_matches_conv_sub_1d(fmt):
    N, opt = _C7
    banks = filter_bank(N, dict(opt, filter_format=fmt))
    checked = longer = 0
    for bank in banks:
        for filt in list(bank.psi) + [bank.phi]:
            for L in (2048, 512, 64, 8):
                for ds in (0, 1, 3):
                    xf = _signal_ft(L)
                    ref = conv_sub_1d(xf, filt, ds)
                    got = apply_realized(filt, xf, ds)
                    assert np.max(np.abs(got - ref)) <= 1e-12 * np.max(np.abs(xf)), (L, ds)
                    checked += 1
                    longer += fmt == "fourier_truncated" and len(filt.coefft) > L
    assert checked == 3 * 4 * (len(banks[0].psi) + len(banks[1].psi) + 2)
    assert fmt != "fourier_truncated" or longer > 50


@pytest.mark.parametrize("n,start", [(32, 33), (32, 49), (32, -5), (32, 60), (16, 1), (16, 49),
                                     (4, 62), (4, 20)])
def test_realize_windows(n, start):
    """Windows longer / shorter than L and than the output, wrapping around bin 0."""
    filt = Filter1D("fourier_truncated", 64, np.cos(np.arange(1, n + 1) * 0.7) + 1.5, start)
    for L in (64, 32, 16, 8, 4):
        for ds in (0, 1, 2):
            if L >> ds < 2 or (len(filt.coefft) > L and len(filt.coefft) % L):
                continue
            xf = _signal_ft(L)
            for quirk in (True, False):
                got = apply_realized(filt, xf, ds, matlab_range_quirk=quirk)
                if quirk:
                    ref = conv_sub_1d(xf, filt, ds)
                else:  # the intended low-pass: the full response limited to L bins
                    full = Filter1D("fourier", 64, filt.full())
                    ref = conv_sub_1d(xf, full, ds) if len(filt.coefft) > L else \
                        conv_sub_1d(xf, filt, ds)
                assert np.allclose(got, ref, rtol=0, atol=1e-13), (L, ds, quirk)


def test_realize_quirk_octave():
    """conv_sub_1d's `rng = start0+0:nCoeffts0-1` (Octave 7.3 on upstream ScatNet): a window
    of 32 bins starting at bin 33 of 64, at L = 16, gives an all-zero output; the intended
    low-pass (realize_filter of the full response) gives the values below."""
    filt = Filter1D("fourier_truncated", 64, np.cos(np.arange(1, 33) * 0.7) + 1.5, 33)
    xf = _signal_ft(16)
    for ds, expected in ((0, 0.16650262226253498 + 1.37429821928255j),
                         (1, 1.6250101874925833 + 1.7212166345861573j)):
        assert np.all(apply_realized(filt, xf, ds) == 0)
        y = apply_realized(filt, xf, ds, matlab_range_quirk=False)
        assert abs(np.sum(y * np.cos(0.37 * np.arange(len(y)) + 0.2)) - expected) < 1e-12


def test_realize_cache_trim_and_errors():
    bank = filter_bank(256, {"Q": 4, "filter_format": "fourier"})[0]
    low = bank.psi[-1]
    start, coefs = low.realize(512)
    assert low.realize(512) is low.realize(512)
    assert not coefs.flags.writeable
    assert 0 < len(coefs) < 512                      # exact zeros trimmed
    full = np.zeros(512)
    full[(start + np.arange(len(coefs))) % 512] = coefs
    np.testing.assert_array_equal(full, low.full())
    start, coefs = bank.phi.realize(512)              # around bin 0: a window that wraps
    assert start > 256 and start + len(coefs) > 512 and len(coefs) < 256
    full = np.zeros(512)
    full[(start + np.arange(len(coefs))) % 512] = coefs
    np.testing.assert_array_equal(full, bank.phi.full())
    with pytest.raises(InputError, match="L=96 must be N_f/2\\^j0"):
        low.realize(96)
    multires = filter_bank(256, {"Q": 4, "filter_format": "fourier_multires"})[0].phi
    with pytest.raises(InputError, match="L=1 must be"):
        multires.realize(1)


# ---------------------------------------------------------------------------------------------
# formats against a direct evaluation of the formulas

def _gauss(omega, xi, sigma):
    return sum(np.exp(-(omega - 2 * np.pi * k - xi) ** 2 * sigma ** 2 / 2) for k in (-1, 0, 1, 2))


def test_fourier_format_direct_evaluation():
    Q, J, N = 4, 10, 256
    bank = filter_bank(N, {"Q": Q, "J": J, "filter_format": "fourier"})[0]
    Nf = 512
    omega = np.arange(Nf) / Nf * 2 * np.pi
    xi0 = (2 ** (-1 / Q) + 1) / 2 * np.pi
    sig0 = SIGMA0 / 2 / (1 - 2 ** (-1 / Q))
    P = int(matlab_round((2 ** (-1 / Q) - SIGMA0 / 4 / sig0) / (1 - 2 ** (-1 / Q))))
    step = np.pi * 2 ** (-J / Q) * (1 - SIGMA0 / 4 / sig0 * 2 ** (1 / Q)) / P
    xi = [xi0 * 2 ** (-j / Q) for j in range(J)] + \
         [xi0 * 2 ** ((1 - J) / Q) - p * step for p in range(1, P + 1)]
    sig = [sig0 * 2 ** (j / Q) for j in range(J)] + [sig0 * 2 ** ((J - 1) / Q)] * P
    psi = np.array([_gauss(omega, x, s) - _gauss(0.0, x, s) * _gauss(omega, 0.0, s)
                    for x, s in zip(xi, sig)])
    psi *= np.sqrt(2 / np.max(np.sum(psi[:J] ** 2, axis=0)))
    assert len(bank.psi) == J + P == 15
    for j, f in enumerate(bank.psi):
        assert f.format == "fourier" and f.start is None
        assert rel_err(f.full(), psi[j]) < 1e-12, j
    assert rel_err(bank.phi.full(), _gauss(omega, 0.0, sig0 * 2 ** ((J - 1) / Q))) < 1e-12


def test_multires_format_levels():
    full = filter_bank(300, {"Q": 2, "filter_format": "fourier"})[0]
    multi = filter_bank(300, {"Q": 2, "filter_format": "fourier_multires"})[0]
    for f, g in zip(list(full.psi) + [full.phi], list(multi.psi) + [multi.phi]):
        assert len(g.coefft) == 10                    # N_f = 1024 ... 2
        np.testing.assert_array_equal(g.full(), f.full())
        for j0, level in enumerate(g.coefft):
            h = 512 >> j0
            expected = np.concatenate([f.full()[:h], [f.full()[h] / 2 + f.full()[1024 - h] / 2],
                                       f.full()[1024 - h + 1:]])
            np.testing.assert_allclose(level, expected, rtol=0, atol=1e-15)


def test_truncated_full_is_window():
    bank = filter_bank(300, {"Q": 2})[0]
    ref = filter_bank(300, {"Q": 2, "filter_format": "fourier"})[0]
    for f, g in zip(bank.psi, ref.psi):
        idx = (f.start - 1 + np.arange(len(f.coefft))) % f.size_filter
        np.testing.assert_array_equal(f.full()[idx], g.full()[idx])
        assert np.all(np.abs(np.delete(g.full(), idx)) <= 1e-3 * np.max(np.abs(g.full())))
        assert f.size_filter % len(f.coefft) == 0


@pytest.mark.parametrize("boundary,N,size", [("symm", 1000, 2048), ("per", 1000, 1024),
                                             ("zero", 1000, 1024), ("per", 1024, 1024),
                                             ("symm", 1024, 2048)])
def test_boundary_sizes(boundary, N, size):
    assert filter_bank(N, {"boundary": boundary, "Q": 1})[0].size_filter == size


def test_spline_size_not_rounded():
    assert filter_bank(96, {"filter_type": "spline_1d", "boundary": "per", "J": 3})[0].size_filter == 96
    assert filter_bank(96, {"filter_type": "spline_1d", "J": 3})[0].size_filter == 192


def test_precision_single():
    opt = {"Q": [8, 1], "J": [20, 6], "precision": "single"}
    banks = filter_bank(1000, opt)
    doubles = filter_bank(1000, dict(opt, precision="double"))
    for bank, ref in zip(banks, doubles):
        for f, g in zip(list(bank.psi) + [bank.phi], list(ref.psi) + [ref.phi]):
            assert f.coefft.dtype == np.float32 and f.full().dtype == np.float32
            assert f.realize(256)[1].dtype == np.float32
            assert rel_err(f.full(), g.full()) < 1e-6
    sel = filter_bank(128, {"filter_type": "selesnick_1d", "precision": "single"})[0]
    assert sel.psi[0].dtype == np.complex64
    multi = filter_bank(100, {"precision": "single", "filter_format": "fourier_multires"})[0]
    assert all(c.dtype == np.float32 for c in multi.phi.coefft)


def test_immutable():
    bank = filter_bank(256, {"Q": 2})[0]
    with pytest.raises(AttributeError, match="immutable"):
        bank.psi[0].start = 3
    with pytest.raises(AttributeError, match="immutable"):
        bank.phi_bw = 1.0
    with pytest.raises(TypeError):
        bank.meta["J"] = 3
    with pytest.raises(ValueError, match="read-only"):
        bank.psi[0].coefft[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        bank.psi_xi[0] = 1.0


# ---------------------------------------------------------------------------------------------
# options: defaults, T_to_J, worked examples

@pytest.mark.parametrize("Q,T,J,P", [(8, 4096, 57, 11), (1, 4096, 12, 0), (8, 8192, 65, 11),
                                     (16, 4096, 97, 22)])
def test_spec_worked_examples(Q, T, J, P):
    assert T_to_J(T, {"Q": Q}) == J
    opt = bank_options(T, {"Q": Q, "J": T_to_J(T, {"Q": Q})})[0]
    assert (opt["J"], opt["P"]) == (J, P)
    if Q == 8:
        assert round(opt["xi_psi"], 3) == 3.011 and round(opt["sigma_psi"], 3) == 6.956
    if Q == 1:
        assert opt["xi_psi"] == 0.75 * np.pi and opt["phi_bw_multiplier"] == 2


def test_default_filter_options():
    audio = default_filter_options("audio", 4096)
    np.testing.assert_array_equal(audio["Q"], [8.0, 1.0])
    np.testing.assert_array_equal(audio["J"], [57, 12])
    assert audio["J"].dtype == np.int64 and sorted(audio) == ["J", "Q"]
    assert default_filter_options("dyadic", 4096) == {"Q": 1.0, "J": 12}
    assert type(T_to_J(512, {"Q": 8})) is int
    np.testing.assert_array_equal(T_to_J([512, 1024], {"Q": 8}), [33, 41])
    np.testing.assert_array_equal(T_to_J(512, {"Q": [16, 2], "B": [8, 2]}), [65, 13])
    assert T_to_J(4096, {"Q": 1, "phi_bw_multiplier": 1}) == 11
    assert matlab_round(2.5) == 3 and matlab_round(-0.5) == -1 and matlab_round(0.49999999999999994) == 0


def test_default_J_per_type():
    opts = bank_options(1000, {"filter_type": ["morlet_1d", "spline_1d", "selesnick_1d"],
                               "Q": [8, 1]})
    assert opts[0]["J"] == T_to_J(1000, {"Q": 8}) == 41
    assert opts[1]["J"] == opts[2]["J"] == 10            # round(log2 1000)
    assert (opts[1]["Q"], opts[1]["B"], opts[1]["P"], opts[1]["spline_order"]) == (1, 1, 0, 3)
    assert "spline_order" not in opts[2] and opts[2]["Q"] == 1
    assert all(o["precision"] == "double" and o["truncate_threshold"] == 1e-3 for o in opts)


# ---------------------------------------------------------------------------------------------
# per-bank splitting

def test_split_last_element_reused():
    banks = filter_bank(2048, {"Q": [8, 1, 1]})
    assert len(banks) == 3
    assert [b.meta["Q"] for b in banks] == [8.0, 1.0, 1.0]
    assert [b.meta["J"] for b in banks] == [T_to_J(2048, {"Q": q}) for q in (8, 1, 1)]
    assert dict(banks[2].meta) == dict(banks[1].meta) and len(banks[2].psi) == len(banks[1].psi)
    for f, g in zip(banks[2].psi, banks[1].psi):
        np.testing.assert_array_equal(f.full(), g.full())


def test_split_cell_filter_type():
    opts = split_filter_options({"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1, 1],
                                 "J": [30, 5], "precision": "single",
                                 "filter_format": ["fourier", "fourier_truncated"]})
    assert [o["filter_type"] for o in opts] == ["gabor_1d", "spline_1d", "spline_1d"]
    assert [o["J"] for o in opts] == [30, 5, 5]
    assert [o["filter_format"] for o in opts] == ["fourier", "fourier_truncated"] + \
        ["fourier_truncated"]
    assert all(o["precision"] == "single" for o in opts)
    banks = filter_bank(512, {"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1, 1],
                              "J": [30, 5], "filter_format": ["fourier", "fourier_truncated"]})
    assert [b.meta["filter_type"] for b in banks] == ["gabor_1d", "spline_1d", "spline_1d"]
    assert banks[0].psi[0].format == "fourier" and banks[2].psi[0].format == "fourier_truncated"


def test_split_scalar_and_default():
    assert split_filter_options(None) == [{"filter_type": "morlet_1d"}]
    banks = filter_bank(1024)
    assert len(banks) == 1 and banks[0].meta["Q"] == 1 and banks[0].meta["J"] == 10


# ---------------------------------------------------------------------------------------------
# option errors

@pytest.mark.parametrize("opt,cls,match", [
    ({"Qq": 8}, OptionError, r"unknown field 'Qq'\. Did you mean 'Q'\?"),
    ({"filter_fromat": "fourier"}, OptionError, r"Did you mean 'filter_format'\?"),
    ({"sigma_ph": 1.0}, OptionError, r"Did you mean 'sigma_phi'\?"),
    ({"Q": "8"}, OptionTypeError, r"filt_opt\['Q'\].*Q='8' has type str"),
    ({"Q": True}, OptionTypeError, r"Q=True has type bool"),
    ({"J": [10, None]}, OptionTypeError, r"filt_opt\['J'\]"),
    ({"filter_type": 3}, OptionTypeError, r"filter_type=3 has type int"),
    ({"boundary": ["symm"]}, OptionTypeError, r"boundary=\['symm'\] has type list; expected a string"),
    ({"Q": 0}, OptionError, r"Q=0\.0 is out of range: the number of wavelets per octave must be > 0"),
    ({"Q": [8, -1]}, OptionError, r"filt_opt\['Q'\]\[1\] \(MATLAB filt_opt\.Q\(2\)\): Q=-1\.0"),
    ({"J": 2.5}, OptionError, r"J=2\.5 is out of range: J must be an integer >= 0"),
    ({"P": -1}, OptionError, r"P \(linearly spaced wavelets\) must be an integer >= 0"),
    ({"spline_order": 2}, OptionError, r"spline_order must be 1 \(linear\) or 3 \(cubic\)"),
    ({"xi_psi": float("nan")}, OptionError, r"xi_psi=nan is not finite"),
    ({"filter_type": "morlet"}, OptionError, r"filter_type='morlet' is not valid\. Did you mean 'morlet_1d'"),
    ({"filter_type": ["morlet_1d", "image"]}, OptionError, r"filter_type='image' is 2-D"),
    ({"filter_format": "fourier_trunc"}, OptionError, r"Did you mean 'fourier_truncated'"),
    ({"boundary": "symmetric"}, OptionError, r"boundary='symmetric' is not valid\. Did you mean 'symm'"),
    ({"precision": "half"}, OptionError, r"precision='half' is not valid.*'double', 'single'"),
    ({"phi_dirac": [0, 1]}, OptionError, r"phi_dirac=\[0, 1\] is not valid"),
    ({"truncate_threshold": 1.5}, OptionError, r"truncate_threshold=1\.5 is not valid.*\[0, 1\)"),
])
def test_filter_option_errors(opt, cls, match):
    with pytest.raises(cls, match=match):
        check_filter_options(opt)
    with pytest.raises(cls, match=match):
        filter_bank(1024, opt)


def test_filter_option_errors_per_bank():
    with pytest.raises(OptionError, match=r"bank 1 \(filter_type='spline_1d'\).*Q=8\.0 is not "
                                          r"allowed for spline wavelets"):
        filter_bank(1024, {"filter_type": "spline_1d", "Q": 8})
    with pytest.raises(OptionError, match=r"bank 2 \(filter_type='spline_1d'\).*P=2 is not allowed"):
        filter_bank(1024, {"filter_type": ["morlet_1d", "spline_1d"], "P": 2})
    with pytest.raises(OptionError, match=r"Q=2\.0 is not allowed for Selesnick wavelets"):
        filter_bank(1024, {"filter_type": "selesnick_1d", "Q": 2})
    with pytest.raises(OptionError, match=r"default J = T_to_J\(N=16, Q=8, B=8\) = -7 is < 1"):
        filter_bank(16, {"Q": 8})
    with pytest.raises(OptionError, match=r"default P = .* is < 0 \(sigma_phi=0\.1"):
        filter_bank(1024, {"Q": 8, "sigma_phi": 0.1})
    with pytest.raises(OptionError, match=r"N_f=200 must be even and divisible by 2\^J=128"):
        filter_bank(100, {"filter_type": "spline_1d"})
    with pytest.raises(OptionError, match=r"2\^J=512"):
        filter_bank(384, {"filter_type": "selesnick_1d", "boundary": "per"})
    with pytest.raises(OptionError, match=r"N=0 must be an integer >= 1"):
        filter_bank(0, {})
    with pytest.raises(OptionTypeError, match=r"N='64' has type str"):
        filter_bank("64", {})
    with pytest.raises(OptionTypeError, match=r"expected a dict"):
        filter_bank(64, [("Q", 8)])


def test_defaults_and_T_to_J_errors():
    with pytest.raises(OptionError, match=r"'image' is ScatNet's 2-D toolbox"):
        default_filter_options("image", 4096)
    with pytest.raises(OptionError, match=r"filter_type='audo' is not valid\. Did you mean 'audio'"):
        default_filter_options("audo", 4096)
    with pytest.raises(OptionTypeError, match=r"must be a string"):
        default_filter_options(1, 4096)
    with pytest.raises(OptionError, match=r"T=0\.0 \(element 0\) must be > 0"):
        T_to_J(0, {"Q": 8})
    with pytest.raises(OptionTypeError, match=r"must be a dict"):
        T_to_J(4096, 8)
    with pytest.raises(OptionError, match=r"one length"):
        T_to_J([512, 1024, 2048], {"Q": [8, 1]})


def test_scat_options():
    assert check_scat_options() == {"M": 2, "oversampling": 1, "path_margin": 0.0}
    assert check_scat_options({"M": 3, "oversampling": 0, "path_margin": -1}) == \
        {"M": 3, "oversampling": 0, "path_margin": -1.0}
    assert check_scat_options({"M": []})["M"] == 2            # empty = absent (fill_struct)
    with pytest.raises(OptionError, match=r"unknown field 'oversampleing'\. Did you mean "
                                          r"'oversampling'"):
        check_scat_options({"oversampleing": 2})
    with pytest.raises(OptionError, match=r"scat_opt\['M'\].*M=-1\.0 is out of range: the "
                                          r"scattering order must be an integer >= 0"):
        check_scat_options({"M": -1})
    with pytest.raises(OptionError, match=r"oversampling=1\.5 is out of range"):
        check_scat_options({"oversampling": 1.5})
    with pytest.raises(OptionTypeError, match=r"M='2' has type str"):
        check_scat_options({"M": "2"})
    with pytest.raises(OptionError, match=r"must be a single number"):
        check_scat_options({"path_margin": [0, 1]})
    with pytest.warns(EnforcedOptionWarning, match=r"x_resolution'\] .*is ignored.*issue #65"):
        assert check_scat_options({"x_resolution": 2}) == check_scat_options()
