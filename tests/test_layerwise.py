"""The layer-by-layer API (initialize_U, U_to_Y, Y_to_U, Y_to_S, format_layer, fetch_*, display).

A research-script loop over the layers must give exactly the S, U and Y of
``sc_propagate(x, archs, return_U=True, return_Y=True)`` (time scattering at orders 1–3, joint,
spiral, several signals, float32, chunks kept chunked); the Y layer must take edited U data
(the Dirac of ``display_secondorder_wavelets``); errors are raised before any computation.
"""
import numpy as np
import pytest

from scatnet import (
    InputError,
    InputTypeError,
    LayerY,
    U_to_Y,
    Y_to_S,
    Y_to_U,
    default_auditory,
    display_secondorder_wavelets,
    fetch_firstorder,
    fetch_plain,
    format_layer,
    initialize_U,
    sc_format,
    sc_propagate,
    sc_setup,
)

N = 1024
#: The layer-wise steps run the same plan, kernels and FFTs as sc_propagate: equal to rounding.
RTOL = 1e-12

CASES = {
    "order1": [{"time": {"size": N, "T": 128, "is_chunked": False}}],
    "order2": [default_auditory(N, N, 4), {"time": {}}],
    "order3": [default_auditory(N, N, 4), {"time": {}}, {"time": {}}],
    "joint": [default_auditory(N, N, 4), {"time": {}, "gamma": {}}],
    "spiral": [default_auditory(N, N, 4), {"time": {}, "gamma": {}, "j": {}}],
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    return request.param, sc_setup(CASES[request.param])


def _cascade(x, archs, by_layer_object=False):
    """The research-script loop of sc_propagate.m, one layer at a time."""
    M = len(archs) - 1
    U, Y, S = [initialize_U(x, archs[0] if by_layer_object else archs)], [], []
    for m in range(M + 1):
        a, i = (archs[m], None) if by_layer_object else (archs, m)
        Y.append(U_to_Y(U[m], a, i))
        if m < M:
            U.append(Y_to_U(Y[m][-1], a, i))
        S.append(Y_to_S(Y[m], a, i))
    return S, U, Y


def _assert_layers_equal(name, kind, got, want):
    assert len(got) == len(want), f"{name}: {kind} has {len(got)} layers, expected {len(want)}"
    for m, (lg, lw) in enumerate(zip(got, want)):
        assert lg.kind == lw.kind and lg.order == lw.order
        assert len(lg) == len(lw), f"{name}: {kind}[{m}] has {len(lg)} tensors, expected {len(lw)}"
        for tg, tw in zip(lg, lw):
            assert tg.matlab_ref == tw.matlab_ref and tg.axes == tw.axes and tg.cell == tw.cell
            assert tg.data.shape == tw.data.shape, f"{name}: {tw.matlab_ref} {tg.data.shape}"
            assert tg.data.dtype == tw.data.dtype
            scale = float(np.abs(tw.data).max()) or 1.0
            err = float(np.abs(tg.data - tw.data).max()) / scale
            assert err <= RTOL, f"{name}: {tw.matlab_ref} relative error {err:.2e} > {RTOL}"
        assert list(lg.paths.keys()) == list(lw.paths.keys())
        np.testing.assert_array_equal(lg.paths["order"], lw.paths["order"])


def _compare(name, archs, x, by_layer_object=False):
    S, U, Y = _cascade(x, archs, by_layer_object)
    S0, U0, Y0 = sc_propagate(x, archs, return_U=True, return_Y=True)
    _assert_layers_equal(name, "S", S, S0)
    _assert_layers_equal(name, "U", U, U0)
    # MATLAB's Y{m}{end} is sc_propagate's Y[m] (order m); Y{m}{1} is U{m}
    _assert_layers_equal(name, "Y", [y[-1] for y in Y[:-1]], list(Y0)[1:])
    for m, y in enumerate(Y):
        assert isinstance(y, LayerY) and y.order == m and y[0] is U[m]
    assert len(Y[-1]) == 1  # the last layer: Y{M+1} = {U_M}
    return S, U, Y


def test_script_loop_equals_sc_propagate(case, rng):
    name, archs = case
    _compare(name, archs, rng.standard_normal(N))


def test_batch_and_layer_objects(case, rng):
    name, archs = case
    _compare(name, archs, rng.standard_normal((2, N)), by_layer_object=True)


def test_float32(rng):
    archs = sc_setup(CASES["joint"])
    x = rng.standard_normal(N).astype(np.float32)
    S, U, _ = _cascade(x, archs)
    S0, U0 = sc_propagate(x, archs, return_U=True)
    assert S[2][0].data.dtype == np.float32
    for a, b in zip(S + U, list(S0) + list(U0)):
        for ta, tb in zip(a, b):
            np.testing.assert_array_equal(ta.data, tb.data)


def test_chunked_signal_keeps_chunk_axis(rng):
    opts = [{"time": {"size": N, "T": 64, "is_unchunked": False}}, {"time": {}}]
    archs = sc_setup(opts)
    S, U, Y = _compare("chunked", archs, rng.standard_normal(3000))
    assert S[1].chunks is not None and U[0][0].data.shape[0] == S[1][0].data.shape[0] > 1
    assert Y[1][-1].chunks is S[1].chunks


def test_joint_time_sublayer(rng):
    """Y_m[1] of a joint layer: the time-scatter outputs that the γ filtering multiplies."""
    archs = sc_setup(CASES["joint"])
    _, _, Y = _cascade(rng.standard_normal(N), archs)
    time_layer, joint_layer = Y[1][1], Y[1][-1]
    blocks = sorted(archs.walk().layers[1].joint, key=lambda b: b.gamma2)
    assert [t.cell["gamma2"] for t in time_layer] == [b.gamma2 for b in blocks]
    # rows of the joint output = the block's matrix applied along γ1, at every time sample
    b, t = blocks[0], time_layer[0]
    Z = b.matrix() @ t.data
    rows = np.concatenate([tj.data.reshape(-1, tj.data.shape[-1]) for tj in joint_layer
                           if tj.cell["gamma2"] == b.gamma2])
    np.testing.assert_allclose(rows, Z, rtol=0, atol=1e-12 * np.abs(Z).max())


def test_edited_U_is_scattered():
    """A Dirac put in one γ1 row of U{2} of a zero signal gives ψ_γ2 in that row (MATLAB's pattern)."""
    archs = sc_setup(CASES["order2"])
    U1 = Y_to_U(U_to_Y(initialize_U(np.zeros(N), archs), archs, 0)[-1], archs, 0)
    k = int(np.floor(len(U1) / 3 + 0.5))  # MATLAB round(end/3), 1-based
    row = U1[k - 1].data
    row[len(row) // 2 - 1] = 1.0  # (end/2)
    gamma1 = U1[k - 1].cell["gamma1"]
    Y2 = U_to_Y(U1, archs, 1)[-1]
    hit = [t for t in Y2 if t.ranges["gamma1"][0] <= gamma1 <= t.ranges["gamma1"][2]]
    assert hit, "the Dirac's γ1 is in at least one second-order tensor"
    for t in Y2:
        energy = np.abs(t.data).sum(axis=-1)
        if t in hit:
            i = gamma1 - t.ranges["gamma1"][0]
            assert energy[i] > 0 and np.all(np.delete(energy, i) == 0)
        else:
            assert np.all(energy == 0)
    # and the same through sc_propagate's U, edited in place
    _, U = sc_propagate(np.zeros(N), archs, return_U=True)
    U[1][k - 1].data[len(row) // 2 - 1] = 1.0
    for a, b in zip(U_to_Y(U[1], archs, 1)[-1], Y2):
        np.testing.assert_array_equal(a.data, b.data)


def test_format_layer_and_fetch(rng):
    archs = sc_setup(CASES["order2"])
    S = sc_propagate(rng.standard_normal((2, N)), archs)
    F, paths = format_layer(S[2])
    F_all, _ = sc_format(S, layers=[2])
    np.testing.assert_array_equal(F, F_all)
    assert len(paths) == F.shape[1] == 12
    Fm, _ = format_layer(S[2], layout="matlab")
    assert Fm.shape == (F.shape[2], F.shape[1] * 2)  # time × features (signals fastest)
    np.testing.assert_array_equal(Fm[:, 1], F[1, 0])
    g1 = int(S[1].paths["gamma1"][3])
    np.testing.assert_array_equal(fetch_firstorder(S[1], g1), S[1][0].data[:, 3])
    t = S[2][-1]
    g1, g2 = t.paths[-1][0], t.cell["gamma2"]
    np.testing.assert_array_equal(fetch_plain(S[2], g1, g2), t.data[:, -1])
    assert not np.any(fetch_plain(S[2], g1 + 1, g2))  # pruned by the path mask: MATLAB's 0
    assert fetch_plain(S[2], g1 + 1, g2).shape == (2, t.data.shape[-1])


@pytest.mark.parametrize("name", ["order2", "joint", "spiral"])
def test_display_secondorder_wavelets(name):
    import matplotlib
    matplotlib.use("Agg")
    archs = sc_setup(CASES[name])
    w = display_secondorder_wavelets(archs, 1 / 3)
    assert len(w.images) == len(w.labels) == len(w.gammas1) == len(w.times) > 0
    assert len(w.fig.axes) >= len(w.images)
    gamma1, sample = w.dirac
    peaks = [im for im in w.images if np.abs(im).max() > 0]
    assert peaks, "some wavelet sees the Dirac"
    for im, g1, t in zip(w.images, w.gammas1, w.times):
        assert im.shape == (len(g1), len(t))
        if name == "order2" and np.abs(im).max() > 0:  # plain: only the Dirac's row
            assert np.abs(im[g1 != gamma1]).max() == 0
            # centred on the Dirac in time, within a frame
            peak_t = t[np.argmax(np.abs(im).max(axis=0))]
            assert abs(peak_t - sample) <= t[1] - t[0]
    if name == "joint":  # joint wavelets spread along γ1 around the Dirac's band
        assert max(int(np.count_nonzero(np.abs(im).max(axis=1) > 1e-6 * np.abs(im).max()))
                   for im in peaks) > 1
    assert w.Y[-1] is not None and w.Y.order == 1


def test_errors_before_computing(rng):
    archs = sc_setup(CASES["order2"])
    x = rng.standard_normal(N)
    S, U, Y = sc_propagate(x, archs, return_U=True, return_Y=True)
    with pytest.raises(InputTypeError, match="call archs = sc_setup"):
        initialize_U(x, CASES["order2"])
    with pytest.raises(InputTypeError, match=r"archs\[1\] was given"):
        initialize_U(x, archs[1])
    with pytest.raises(InputTypeError, match="index it"):
        U_to_Y(U, archs, 1)
    with pytest.raises(InputTypeError, match="must be one U layer"):
        U_to_Y(S[1], archs, 1)
    with pytest.raises(InputError, match="belongs to layer 1 but m=0"):
        U_to_Y(U[1], archs, 0)
    with pytest.raises(InputError, match="m=5 is not a layer"):
        U_to_Y(U[1], archs, 5)
    with pytest.raises(InputTypeError, match="must be an integer"):
        U_to_Y(U[1], archs, 1.0)
    with pytest.raises(InputError, match="not both"):
        U_to_Y(U[1], archs[1], 0)
    with pytest.raises(InputError, match="belongs to layer 1 but m=2"):
        Y_to_U(Y[2], archs, 2)
    with pytest.raises(InputError, match="last layer"):
        Y_to_U(U_to_Y(U[2], archs, 2), archs, 2)
    with pytest.raises(InputTypeError, match="pass the whole Y_m"):
        Y_to_S(Y[1], archs, 0)
    with pytest.raises(InputError, match="last layer"):
        _ = U_to_Y(U[2], archs, 2).output
    short = sc_propagate(x[:1000], archs, return_U=True)[1]
    with pytest.raises(InputError, match="whole rows"):
        U_to_Y(short[1], archs, 1)
    with pytest.raises(InputError, match="fraction=0"):
        display_secondorder_wavelets(archs, 0, plot=False)
    with pytest.raises(InputError, match="second layer"):
        display_secondorder_wavelets(sc_setup(CASES["order1"]), plot=False)
    with pytest.raises(InputError, match="first-order wavelet"):
        fetch_firstorder(S[1], 999)
    with pytest.raises(InputError, match="plain second-order"):
        fetch_plain(S[1], 1, 5)
    with pytest.raises(InputError, match="layout="):
        format_layer(S[1], layout="row")
