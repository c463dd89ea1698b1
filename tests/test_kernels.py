"""numba kernels against their plain-NumPy twins (STYLE G9, G10, G12).

``multiply_resample`` is checked bin for bin against ``reference_impl.ifft_multiply`` (spec §3.3)
for random trimmed filters (empty halves, spans across the Nyquist bin, spans longer than the
source), every resampling r in −3 … 2, full and half (``rfft``) sources, full and Hermitian
outputs, one and several signals, in double and single precision.
"""
import inspect
import pathlib

import numba
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scatnet import kernels, sc_propagate, sc_setup
from scatnet._core.memory import minimum_budget
from scatnet.kernels import _jit
from scatnet.scattering_m.filterbank.storage import pack

from reference_impl import (
    UndefinedInOriginal,
    full_from_half,
    hermitian_part,
    ifft_multiply,
    propagate_order1,
)

#: Every public kernel (new kernels are picked up by the flag and signature checks).
KERNELS = {name: getattr(kernels, name) for name in kernels.__all__}

#: Per-precision tolerance of one spectral bin, in units of max|X|·max|filter|. A bin is one
#: complex product (two plus a sum at the Nyquist bin, one more halving for Hermitian
#: outputs); a complex product is exact to about 2 ulp, so 8 ulp leaves a margin of 2–4.
BIN_ULPS = 8
PRECISIONS = {"float64": (np.float64, np.complex128), "float32": (np.float32, np.complex64)}


# ---------------------------------------------------------------------------------------------
# helpers


def _random_half(rng, n_half, kind):
    """``(first_or_last, coefs)`` of one random half of a filter on a grid of 2·n_half bins."""
    if kind == "empty":
        return None, np.zeros(0, complex)
    if kind == "pos":
        first = int(rng.integers(0, n_half))
        n = int(rng.integers(1, n_half - first + 1))
    else:
        first = int(rng.integers(-n_half, 0))  # neg_last
        n = int(rng.integers(1, first + n_half + 2))
    return first, rng.standard_normal(n) + 1j * rng.standard_normal(n)


def random_filters(rng, grid, n):
    """``n`` random trimmed filters on a grid of ``grid`` bins (20 % empty halves each)."""
    out = []
    for _ in range(n):
        pf, p = _random_half(rng, grid // 2, "empty" if rng.random() < 0.2 else "pos")
        nl, ng = _random_half(rng, grid // 2, "empty" if rng.random() < 0.2 else "neg")
        out.append((pf, p, nl, ng))
    return out


def packed(grid, halves, complex_dtype):
    """Packed filters as the propagation passes them: read-only, coefs cast to the precision."""
    f = pack(grid, halves, (len(halves),))
    coefs = f.coefs.astype(complex_dtype)
    coefs.setflags(write=False)
    return f, coefs


def out_length(L, r):
    return L * 2 ** r if r >= 0 else L // 2 ** (-r)


def twin(X_full, half_tuple, r):
    pf, p, nl, ng = half_tuple
    return ifft_multiply(X_full, 0 if pf is None else pf, p, -1 if nl is None else nl, ng, r,
                         on_undefined="nan")


def assert_bins_close(got, ref, tol, where):
    """``got`` equals ``ref`` within ``tol`` on every bin where ``ref`` is defined (not NaN)."""
    defined = ~np.isnan(ref)
    err = np.abs(got[defined] - ref[defined])
    bad = np.flatnonzero(err > tol)
    assert bad.size == 0, (f"{where}: bins {np.flatnonzero(defined)[bad][:8].tolist()} differ by "
                           f"up to {err.max():.3g} > tol {tol:.3g}")
    assert np.all(np.isfinite(got)), f"{where}: non-finite output {got}"


def run_kernel(X, L, half, jobs, f, coefs, M, hermitian, n_rows, complex_dtype):
    """Call the kernel with a sentinel-filled output; returns the output array."""
    job_src, job_filter, job_out = (np.ascontiguousarray(a, dtype=np.int64) for a in jobs)
    B = X.shape[0]
    out = np.full((B, n_rows, M // 2 + 1 if hermitian else M), 7 - 3j, dtype=complex_dtype)
    kernels.multiply_resample(X, L, half, job_src, job_filter, job_out, coefs, f.pos_off,
                              f.pos_first, f.pos_len, f.neg_off, f.neg_last, f.neg_len, out, M,
                              hermitian)
    return out


def check_against_twin(rng, L, r, half, hermitian, K, precision, halves, grid):
    real_dtype, complex_dtype = PRECISIONS[precision]
    M = out_length(L, r)
    n_src, n_rows = 2, len(halves) + 2
    if half:
        x = rng.standard_normal((K, n_src, L)).astype(real_dtype)
        X = np.ascontiguousarray(np.fft.rfft(x, axis=-1).astype(complex_dtype))
        X_full = full_from_half(X.astype(np.complex128), L)
    else:
        X = (rng.standard_normal((K, n_src, L)) + 1j * rng.standard_normal((K, n_src, L)))
        X = np.ascontiguousarray(X.astype(complex_dtype))
        X_full = X.astype(np.complex128)
    f, coefs = packed(grid, halves, complex_dtype)
    n_jobs = len(halves)
    job_src = rng.integers(0, n_src, n_jobs)
    job_filter = rng.permutation(n_jobs)
    job_out = rng.permutation(n_rows)[:n_jobs]
    out = run_kernel(X, L, half, (job_src, job_filter, job_out), f, coefs, M, hermitian, n_rows,
                     complex_dtype)
    eps = np.finfo(real_dtype).eps
    scale = np.abs(X_full).max() * max(np.abs(coefs).max(initial=0.0), 1.0)
    tol = BIN_ULPS * eps * scale
    coefs128 = coefs.astype(np.complex128)
    for b in range(K):
        for j in range(n_jobs):
            i = int(job_filter[j])
            pf, _, nl, _ = halves[i]
            p = coefs128[f.pos_off[i]:f.pos_off[i] + f.pos_len[i]]
            ng = coefs128[f.neg_off[i]:f.neg_off[i] + f.neg_len[i]]
            Y = twin(X_full[b, job_src[j]], (pf, p, nl, ng), r)
            ref = hermitian_part(Y) if hermitian else Y
            assert_bins_close(out[b, job_out[j]], ref, tol,
                              f"L={L} r={r} half={half} hermitian={hermitian} K={K} {precision} "
                              f"signal {b} job {j} filter {halves[i][0]}/{len(p)}/{nl}/{len(ng)}")
    untouched = np.setdiff1d(np.arange(n_rows), job_out)
    assert np.all(out[:, untouched] == complex_dtype(7 - 3j)), "rows without a job were written"


# ---------------------------------------------------------------------------------------------
# multiply_resample vs the twin


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("K", [1, 3])
@pytest.mark.parametrize("hermitian", [False, True], ids=["fullout", "hermout"])
@pytest.mark.parametrize("half", [False, True], ids=["fullsrc", "halfsrc"])
@pytest.mark.parametrize("r", [-3, -2, -1, 0, 1, 2])
@pytest.mark.parametrize("L", [16, 64, 256])
def test_multiply_resample_matches_twin(rng, L, r, half, hermitian, K, precision):
    # filters on the source grid and on grids 2× and 4× longer (spans longer than the source)
    for grid in (L, 2 * L, 4 * L):
        halves = random_filters(rng, grid, 5)
        check_against_twin(rng, L, r, half, hermitian, K, precision, halves, grid)


def _special_filters(L):
    """Hand-made filters hitting each Nyquist rule of spec §3.3 with a defined value."""
    h = L // 2
    c = lambda n, s=1.0: s * (1.0 + 0.5j) * np.arange(1, n + 1)
    return {
        "whole": (0, c(h), -1, c(h, -1)),
        "nyquist_only": (None, c(0), -h, c(1)),
        "across_nyquist": (h - 3, c(3), -h + 2, c(3, 2)),
        "pos_only": (1, c(h - 1), None, c(0)),
        "neg_only": (None, c(0), -1, c(h, 3)),
        "dc_only": (0, c(1), None, c(0)),
        "neg_near_dc": (None, c(0), -1, c(3)),
    }


@pytest.mark.parametrize("hermitian", [False, True], ids=["fullout", "hermout"])
@pytest.mark.parametrize("half", [False, True], ids=["fullsrc", "halfsrc"])
@pytest.mark.parametrize("r", [-3, -2, -1, 0, 1, 2])
def test_multiply_resample_special_filters(rng, r, half, hermitian):
    L = 64
    halves = list(_special_filters(L).values())
    check_against_twin(rng, L, r, half, hermitian, 2, "float64", halves, L)


@pytest.mark.parametrize("case", ["r<0: neg and pos", "r<0: neg only", "r<0: pos, one bin off",
                                  "r=0: first neg coefficient", "r>0: dropped"])
def test_nyquist_rules_are_exercised(rng, case):
    """Each Nyquist special case gives the twin's (non-zero, defined) value in the kernel."""
    L = 64
    X = np.ascontiguousarray((rng.standard_normal(L) + 1j * rng.standard_normal(L))[None, None])
    c = lambda a, b: (np.arange(a, b) + 1.0) * (1 - 0.25j)
    r, filt = {
        "r<0: neg and pos": (-1, (10, c(0, 10), -12, c(0, 8))),      # spans −19…−12, 10…19 ∋ ±16
        "r<0: neg only": (-1, (2, c(0, 5), -15, c(0, 4))),           # neg −18…−15 ∋ −16
        "r<0: pos, one bin off": (-1, (14, c(0, 6), -2, c(0, 1))),   # pos 14…19 ∋ 16, neg −2
        "r=0: first neg coefficient": (0, (3, c(0, 4), -20, c(0, 3))),  # neg −22…−20
        "r>0: dropped": (1, (20, c(0, 12), -1, c(0, 32))),           # covers ±32 of the source
    }[case]
    M = out_length(L, r)
    Y = ifft_multiply(X[0, 0], *filt, r)  # raises if undefined: these cases are all defined
    if case == "r>0: dropped":
        assert Y[M // 2] == 0
    else:
        assert abs(Y[M // 2]) > 0, "the hand-made filter does not reach the Nyquist rule"
    f, coefs = packed(L, [filt], np.complex128)
    out = run_kernel(X, L, False, ([0], [0], [0]), f, coefs, M, False, 1, np.complex128)
    np.testing.assert_allclose(out[0, 0, M // 2], Y[M // 2], rtol=1e-15, atol=0)
    np.testing.assert_allclose(out[0, 0], Y, rtol=0, atol=1e-13)


@given(data=st.data())
def test_multiply_resample_hypothesis(data):
    """Random spans drawn by Hypothesis (derandomised profile), double precision."""
    L = data.draw(st.sampled_from([16, 32, 64]), label="L")
    grid = L * data.draw(st.sampled_from([1, 2, 4]), label="grid/L")
    r = data.draw(st.integers(-3, 2), label="r")
    h = grid // 2
    halves = []
    for _ in range(data.draw(st.integers(1, 3), label="n_filters")):
        if data.draw(st.booleans(), label="has_pos"):
            pf = data.draw(st.integers(0, h - 1), label="pos_first")
            pl = data.draw(st.integers(1, h - pf), label="pos_len")
        else:
            pf, pl = None, 0
        if data.draw(st.booleans(), label="has_neg"):
            nl = data.draw(st.integers(-h, -1), label="neg_last")
            nn = data.draw(st.integers(1, nl + h + 1), label="neg_len")
        else:
            nl, nn = None, 0
        base = np.arange(1, pl + nn + 1) * (1 + 0.3j)
        halves.append((pf, base[:pl], nl, base[pl:] * -1j))
    half = data.draw(st.booleans(), label="half")
    hermitian = data.draw(st.booleans(), label="hermitian")
    seed = data.draw(st.integers(0, 2 ** 32 - 1), label="seed")
    check_against_twin(np.random.default_rng(seed), L, r, half, hermitian, 2, "float64", halves,
                       grid)


def test_twin_flags_the_undefined_nyquist_reads():
    """The twin refuses the Nyquist reads outside the stored filter (the original's index error)."""
    X = np.arange(16, dtype=complex) + 1
    # r = −1 (M = 8): the negative span −8…−6 lies below −M/2 = −4 → neg index out of range
    with pytest.raises(UndefinedInOriginal, match="outside a stored half"):
        ifft_multiply(X, 0, np.ones(2), -6, np.ones(3), -1)
    Y = ifft_multiply(X, 0, np.ones(2), -6, np.ones(3), -1, on_undefined="nan")
    assert np.isnan(Y[4]) and np.isfinite(np.delete(Y, 4)).all()


# ---------------------------------------------------------------------------------------------
# pointwise kernels


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("shape", [(1, 1, 1), (1, 3, 17), (3, 2, 64), (2, 5, 33), (3, 5, 40000)])
def test_modulus_matches_numpy(rng, precision, shape):
    real_dtype, complex_dtype = PRECISIONS[precision]
    Y = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(complex_dtype)
    Y.flat[0] = 0  # |0| = 0 exactly
    out = np.full(shape, np.nan, dtype=real_dtype)
    kernels.modulus(Y.reshape(-1), out.reshape(-1))
    np.testing.assert_allclose(out, np.abs(Y), rtol=2 * np.finfo(real_dtype).eps, atol=0)
    assert out.flat[0] == 0


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("scale", [1.0, 1e-3, 2048.0])
@pytest.mark.parametrize("shape", [(1, 3, 17), (3, 2, 64)])
def test_uniform_log_matches_numpy(rng, precision, scale, shape):
    real_dtype, complex_dtype = PRECISIONS[precision]
    Y = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(complex_dtype)
    out = np.full(shape, np.nan, dtype=real_dtype)
    kernels.uniform_log(Y.reshape(-1), out.reshape(-1), scale)
    ref = np.log1p(np.abs(Y.astype(np.complex128)) * scale) / scale
    np.testing.assert_allclose(out, ref, rtol=8 * np.finfo(real_dtype).eps, atol=0)


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("shape", [(1, 1, 1), (2, 33, 70), (3, 64, 5), (1, 100, 31)])
def test_transpose_last2_matches_numpy(rng, precision, shape):
    _, complex_dtype = PRECISIONS[precision]
    src = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(complex_dtype)
    dst = np.full((shape[0], shape[2], shape[1]), np.nan, dtype=complex_dtype)
    kernels.transpose_last2(src, dst)
    np.testing.assert_array_equal(dst, np.swapaxes(src, 1, 2))
    wide = np.zeros((shape[0], shape[2] + 3, shape[1]), dtype=complex_dtype)  # a strided target
    kernels.transpose_last2(src, wide[:, 2:2 + shape[2]])
    np.testing.assert_array_equal(wide[:, 2:2 + shape[2]], np.swapaxes(src, 1, 2))
    assert not wide[:, :2].any() and not wide[:, 2 + shape[2]:].any()


# ---------------------------------------------------------------------------------------------
# end to end: the propagation against the naive one-layer twin


@pytest.mark.parametrize("opts0", [
    {"size": 2048, "T": 128, "max_Q": 4},
    {"size": 2048, "T": 128, "max_Q": 4, "U_log2_oversampling": 0, "S_log2_oversampling": 1},
    {"size": 1024, "T": 64, "max_Q": 2, "wavelet_handle": "gammatone_1d"},
], ids=["morlet", "morlet-oversampled", "gammatone"])
def test_propagate_order1_matches_twin(rng, opts0):
    opts0 = dict(opts0, is_chunked=False)
    archs = sc_setup([{"time": opts0}])
    x = rng.standard_normal(archs.size)
    S, U, Y = sc_propagate(x, archs, return_U=True, return_Y=True)
    ref = propagate_order1(x, archs[0].bank(), archs[0].invariant.phis[0],
                           archs[1].invariant.phis[0], T=opts0["T"],
                           U_log2_oversampling=opts0.get("U_log2_oversampling", 1),
                           S_log2_oversampling=opts0.get("S_log2_oversampling", 0))
    tol = 1e-13
    assert S[0][0].data.shape == ref["S0"].shape
    np.testing.assert_allclose(S[0][0].data, ref["S0"], rtol=0, atol=tol * np.abs(ref["S0"]).max())
    assert S[1][0].data.shape == ref["S1"].shape
    np.testing.assert_allclose(S[1][0].data, ref["S1"], rtol=0, atol=tol * np.abs(ref["S1"]).max())
    assert len(U[1]) == len(ref["U1"])
    for g, (t, u, y) in enumerate(zip(U[1], ref["U1"], ref["Y1"])):
        assert t.data.shape == u.shape, f"U1 γ={g + 1}"
        np.testing.assert_allclose(t.data, u, rtol=0, atol=tol * np.abs(u).max(),
                                   err_msg=f"U1 γ={g + 1}")
        np.testing.assert_allclose(Y[1][g].data, y, rtol=0, atol=tol * np.abs(y).max(),
                                   err_msg=f"Y1 γ={g + 1}")


@pytest.mark.parametrize("nonlinearity", [{}, {"name": "uniform_log", "denominator": 2.0}])
def test_lean_and_full_workspaces_agree(rng, nonlinearity):
    """S alone (one Y and one U buffer for all layers, several blocks) is bit-identical
    to S computed alongside U and Y (separate buffers per layer)."""
    archs = sc_setup([{"time": {"size": 1024, "T": 64, "max_Q": 4, "is_chunked": False},
                       "nonlinearity": nonlinearity},
                      {"time": {"max_Q": 2}}, {"time": {}}])
    x = rng.standard_normal((5, archs.size))
    walk = archs.walk()  # one signal per block (the last layer of `lean` a row at a time)
    lean = sc_propagate(x, archs, memory_budget=minimum_budget(walk, np.float64))
    full, U = sc_propagate(x, archs, return_U=True,
                           memory_budget=minimum_budget(walk, np.float64, lean=False))
    assert len(lean) == 4
    for m in range(4):
        for a, b in zip(lean[m], full[m]):
            np.testing.assert_array_equal(a.data, b.data)
    assert np.abs(U[2][0].data).max() > 0


# ---------------------------------------------------------------------------------------------
# compilation flags and signatures (STYLE G10); keep these last in the file


#: Compiled-kernel introspection needs the JIT (CI also runs the suite with NUMBA_DISABLE_JIT=1).
needs_jit = pytest.mark.skipif(bool(numba.config.DISABLE_JIT),
                               reason="NUMBA_DISABLE_JIT=1: kernels are plain Python functions")


def test_jit_flags_have_no_fastmath():
    assert _jit.FLAGS["fastmath"] is False
    assert _jit.FLAGS["nopython"] is True and _jit.FLAGS["cache"] is True
    kernel_dir = pathlib.Path(kernels.__file__).parent
    offenders = [p.name for p in sorted(kernel_dir.glob("*.py"))
                 if "fastmath=True" in p.read_text(encoding="utf-8")]
    assert offenders == [], f"kernel modules setting fastmath=True: {offenders}"


@needs_jit
def test_compiled_kernels_have_no_fastmath():
    for name, k in KERNELS.items():
        assert not k.targetoptions.get("fastmath"), f"{name} compiled with fastmath"
        assert k.targetoptions.get("nopython") is True, f"{name} not nopython"


@needs_jit
def test_parallel_only_where_prange_is_used():
    for name, k in KERNELS.items():
        uses_prange = "prange" in inspect.getsource(k.py_func)
        assert bool(k.targetoptions.get("parallel")) == uses_prange, (
            f"{name}: parallel={k.targetoptions.get('parallel')} but prange used={uses_prange}")


@needs_jit
def test_kernel_signatures_are_single_precision_families(small_archs, rng):
    """After the kernels ran in both precisions, every compiled variant is all-double or all-single."""
    x = rng.standard_normal(small_archs.size)
    for real_dtype, complex_dtype in PRECISIONS.values():
        sc_propagate(x.astype(real_dtype), small_archs)  # multiply_resample and modulus
        Y = np.ones((1, 1, 4), dtype=complex_dtype)
        kernels.uniform_log(Y.reshape(-1), np.empty(4, dtype=real_dtype), 1.0)
    families = ({np.dtype("float64"), np.dtype("complex128")},
                {np.dtype("float32"), np.dtype("complex64")})
    for name, k in KERNELS.items():
        seen = set()
        for sig in k.signatures:
            dtypes = {np.dtype(str(t.dtype)) for t in sig if isinstance(t, numba.types.Array)
                      and isinstance(t.dtype, (numba.types.Float, numba.types.Complex))}
            ok = [i for i, fam in enumerate(families) if dtypes <= fam]
            assert ok, f"{name} compiled a mixed-precision variant {sig}"
            seen.add(ok[0])
        if name in ("multiply_resample", "modulus", "uniform_log"):  # exercised above
            assert seen == {0, 1}, f"{name}: compiled precisions {seen} (0 = double, 1 = single)"
