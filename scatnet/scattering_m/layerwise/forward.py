"""One step of the cascade at a time: ``U_to_Y``, ``Y_to_U``, ``Y_to_S`` (spec §3.4, §3.8).

MATLAB: scattering.m ``lib/forward/U_to_Y.m``, ``Y_to_U.m``, ``Y_to_S.m``, as
``lib/export/sc_propagate.m`` chains them::

    Y{m} = U_to_Y(U{m}, archs{m}.banks);            % Y[m] = U_to_Y(U[m-1], archs, m-1)
    U{m+1} = Y_to_U(Y{m}{end}, archs{m}.nonlinearity);
    S{m} = Y_to_S(Y{m}, archs{m});

Each step runs the execution plan's layer (:mod:`scatnet._core.plan`) on whole groups of rows
with the engine's kernels: one spectral kernel call per (source group, output group), one FFT
call per group, the joint/spiral matrix per γ2 block; so the layers equal
:func:`scatnet.sc_propagate`'s.
"""
import numpy as np

from ..._core import fft as fftb
from ..._core.filtering import apply_step
from ..._core.last_layer import joint_product
from ..._core.pointwise import nonlinearity, pad_groups
from ..._core.run import n_threads, threads
from ..._errors import InputError, InputTypeError, OptionError
from ..result import ScatteringLayer, Tensor, _paths_table
from ._layers import check_layer, from_groups, resolve, to_groups

__all__ = ["LayerY", "U_to_Y", "Y_to_S", "Y_to_U"]


class LayerY(list):
    """The sub-layers of one layer of the cascade: MATLAB's ``Y{m+1}`` cell.

    ``Y_m[0]`` is the layer's input ``U_m`` (MATLAB ``Y{m+1}{1}``); ``Y_m[-1]`` its wavelet
    outputs (MATLAB ``Y{m+1}{end}``), a Y layer of order ``m + 1`` equal to
    ``sc_propagate(x, archs, return_Y=True)[1][m + 1]``. In joint and spiral layers,
    ``Y_m[1]`` holds the time-scatter outputs before the γ (and j) filtering (MATLAB
    ``Y{m+1}{2}{1}``, γ1 not zero-padded here). The last layer has no wavelets:
    ``Y_M = [U_M]`` (MATLAB ``Y{M+1} = U(M+1)``).

    Parameters
    ----------
    order : int
        The layer m (kept as ``order``).
    sublayers : list of ScatteringLayer
        The sub-layers, input first.
    """

    def __init__(self, order, sublayers):
        super().__init__(sublayers)
        self.order = order

    @property
    def input(self):
        """The layer's input ``U_m`` (MATLAB ``Y{m+1}{1}``).

        Returns
        -------
        ScatteringLayer
            ``self[0]``.
        """
        return self[0]

    @property
    def output(self):
        """The wavelet outputs, the Y layer of order ``m + 1`` (MATLAB ``Y{m+1}{end}``).

        Returns
        -------
        ScatteringLayer
            ``self[-1]``.

        Raises
        ------
        InputError
            For the last layer, which has no wavelets.
        """
        if len(self) < 2:
            raise InputError(f"layer {self.order} is the last layer: it has no wavelets, so no Y "
                             "output (Y_M = [U_M], as MATLAB's Y{M+1} = U(M+1))")
        return self[-1]

    def __repr__(self):
        return f"LayerY(order={self.order}, " + ", ".join(repr(s) for s in self) + ")"


def U_to_Y(U_m, archs, m=None, *, n_jobs=None):
    """Filter the layer ``U_m`` with the wavelets of layer m: the sub-layers ``Y_m``.

    MATLAB: ``Y{m+1} = U_to_Y(U{m+1}, archs{m+1}.banks)`` (``lib/forward/U_to_Y.m``).

    ``Y_{m+1}[λ, path] = ψ_λ ⋆ U_m[path]`` for the enabled filters λ and parents of the path
    mask, each resampled to its rate (spec §3.5: ``ifft_multiply``); in a joint or spiral
    layer each γ2 tensor is then filtered along γ1 (and octaves), ψ and φ routes (§3.6–3.7).

    Parameters
    ----------
    U_m : ScatteringLayer
        ``U[m]``: from :func:`initialize_U` (m = 0), :func:`Y_to_U`, or
        ``sc_propagate(x, archs, return_U=True)[1][m]``; its data may have been edited.
    archs : Architecture or ArchLayer
        From :func:`scatnet.sc_setup`, or the layer object ``archs[m]``.
    m : int, optional
        The 0-based layer (MATLAB ``archs{m+1}``); default ``U_m.order``.
    n_jobs : int, optional
        Threads (as in :func:`scatnet.sc_propagate`).

    Returns
    -------
    LayerY
        ``[U_m, Y_{m+1}]`` (``[U_m, time outputs, Y_{m+1}]`` in joint/spiral layers; ``[U_M]``
        for the last layer). ``Y_m[-1]`` is a Y layer of order ``m + 1`` (complex, tensors
        ``(*batch, *axes, time)``).

    Raises
    ------
    InputError, InputTypeError
        Checked before any computation: ``U_m`` is not one U layer, belongs to another layer
        than ``m``, or has tensors of other shapes than the architecture's rows; ``archs``
        or ``m`` is not valid.

    See Also
    --------
    Y_to_U : The nonlinearity after it.
    Y_to_S : The low-pass of the same layer.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, default_auditory, initialize_U, U_to_Y
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> Y0 = U_to_Y(initialize_U(np.ones(1024), archs), archs, 0)
    >>> len(Y0), Y0[-1].kind, Y0[-1].order, len(Y0[-1])    # [U0, Y1]: 20 first-order bands
    (2, 'Y', 1, 20)
    """
    U_m = check_layer(U_m, "U", "U_to_Y", "U_m")
    archs, m = resolve(archs, m, "U_to_Y", inferred=U_m.order, what="U_m")
    arrays, batch_shape = to_groups(U_m, archs, m, "U_to_Y")
    n_jobs = n_threads(n_jobs)
    lw = archs.walk().layers[m]
    if lw.scatter is None:
        return LayerY(m, [U_m])
    complex_dtype = np.result_type(arrays[0].dtype, np.complex64)
    B = arrays[0].shape[0]
    with threads(n_jobs):
        spectra = [fftb.rfft(u, n_jobs) for u in arrays]
        spec_Y = apply_step(lw.scatter, spectra, [g.length for g in lw.groups], False,
                            complex_dtype, B, lambda n: np.empty(n, complex_dtype))[0]
        Ys = [fftb.ifft_inplace(y, n_jobs) for y in spec_Y]
    chunks = U_m.chunks
    if lw.joint is None:
        return LayerY(m, [U_m, from_groups("Y", archs, m + 1, Ys, batch_shape, chunks)])
    time_layer = _time_layer(archs, m, lw, Ys, batch_shape, chunks)
    Zs = [joint_product(block.matrix(complex_dtype), Ys[block.out_group][:, block.local_rows], 0,
                        block.n_rows, np.empty((B, block.n_rows, block.length), complex_dtype))
          for block in lw.joint]
    return LayerY(m, [U_m, time_layer, from_groups("Y", archs, m + 1, Zs, batch_shape, chunks)])


def _time_layer(archs, m, lw, Ys, batch_shape, chunks):
    """The time-scatter outputs of a joint/spiral layer, one ``(γ1, time)`` tensor per γ2."""
    N = archs.size
    blocks = sorted(lw.joint, key=lambda b: b.gamma2)
    tensors, paths, hops, refs = [], [], [], []
    for i2, b in enumerate(blocks, start=1):
        g = lw.scatter.out_groups[b.out_group]
        data = Ys[b.out_group][:, b.local_rows]
        data = data.reshape(tuple(batch_shape) + data.shape[1:])
        rows = g.paths[b.local_rows]
        ref = f"Y{{{m + 1}}}{{2}}{{1}}.data{{{i2}}}"
        ranges = {"time": (1, N / b.length, N), "gamma1": (rows[0][0], 1, rows[-1][0])}
        tensors.append(Tensor(data, ("gamma1", "time"), {"gamma2": b.gamma2}, ranges, ref, rows))
        paths += rows
        hops += [N / b.length] * len(rows)
        refs += [ref] * len(rows)
    layer = ScatteringLayer("Y", m + 1, tensors, _paths_table(archs, paths, hops, refs, m + 1, None))
    layer.chunks = chunks
    return layer


def Y_to_U(Y_m_last, archs, m=None, *, n_jobs=None):
    """Apply the nonlinearity of layer m to its wavelet outputs: ``U_{m+1} = ρ(Y_{m+1})``.

    MATLAB: ``U{m+2} = Y_to_U(Y{m+1}{end}, archs{m+1}.nonlinearity)`` (``lib/forward/Y_to_U.m``).

    ``ρ`` is ``opts[m]['nonlinearity']``: the modulus ``|Y|`` (default), ``'uniform_log'``
    ``log(1 + |Y|·n/denominator)`` (``n`` the row length), or a custom function; applied to
    every tensor (in joint/spiral layers, the routes with at least one ψ, the only ones
    computed).

    Parameters
    ----------
    Y_m_last : ScatteringLayer or LayerY
        ``Y_m[-1]`` of :func:`U_to_Y` (a whole ``Y_m`` is taken as its last sub-layer), or
        ``sc_propagate(x, archs, return_Y=True)[2][m + 1]``; its data may have been edited.
    archs : Architecture or ArchLayer
        From :func:`scatnet.sc_setup`, or the layer object ``archs[m]``.
    m : int, optional
        The 0-based layer whose wavelets made ``Y_m_last`` (MATLAB ``archs{m+1}``); default
        ``Y_m_last.order − 1``.
    n_jobs : int, optional
        Threads for the nonlinearity kernels.

    Returns
    -------
    ScatteringLayer
        ``U[m + 1]`` (real, of the precision of ``Y_m_last``).

    Raises
    ------
    InputError, InputTypeError
        Checked before any computation: ``Y_m_last`` is not a Y layer, belongs to another
        layer, or has other shapes than the architecture's rows; ``m`` is the last layer,
        which has no nonlinearity.

    See Also
    --------
    U_to_Y : The step before.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, default_auditory, initialize_U, U_to_Y, Y_to_U
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> Y0 = U_to_Y(initialize_U(np.ones(1024), archs), archs, 0)
    >>> U1 = Y_to_U(Y0[-1], archs, 0)
    >>> U1.kind, U1.order, bool(np.all(U1[0].data >= 0))
    ('U', 1, True)
    """
    if isinstance(Y_m_last, LayerY):
        Y_m_last = Y_m_last.output
    Y_m_last = check_layer(Y_m_last, "Y", "Y_to_U", "Y_m_last")
    archs, m = resolve(archs, m, "Y_to_U", inferred=Y_m_last.order - 1, what="Y_m_last")
    walk = archs.walk()
    if walk.layers[m].scatter is None:
        raise InputError(f"Y_to_U: archs[{m}] is the last layer: it has no wavelets and no "
                         "nonlinearity (MATLAB archs{M+1} has no .nonlinearity); stop the cascade's "
                         f"U loop at m = {m - 1}")
    arrays, batch_shape = to_groups(Y_m_last, archs, m + 1, "Y_to_U")
    if not np.iscomplexobj(arrays[0]):
        raise InputTypeError(f"Y_to_U: Y_m_last holds {arrays[0].dtype} data; Y is complex (the "
                             "wavelet outputs): pass Y_m[-1] of U_to_Y")
    n_jobs = n_threads(n_jobs)
    real_dtype = np.finfo(arrays[0].dtype).dtype
    with threads(n_jobs):
        Us = nonlinearity(walk.layers[m].nonlinearity, arrays,
                          np.empty(sum(a.size for a in arrays), real_dtype))
        pad_groups(Us, walk.layers[m + 1].groups)
    return from_groups("U", archs, m + 1, Us, batch_shape, Y_m_last.chunks)


def Y_to_S(Y_m, archs, m=None, *, n_jobs=None):
    """Blur the input of layer m with its low-pass: ``S_m = φ_m ⋆ U_m``.

    MATLAB: ``S{m+1} = Y_to_S(Y{m+1}, archs{m+1})`` (``lib/forward/Y_to_S.m``).

    ``S_m[path] = φ ⋆ U_m[path]`` at the rate ``1 − log2 T + S_log2_oversampling`` (spec §3.5:
    ``firstborn_blur`` for S0, ``secondborn_blur``, ``sibling_blur``), real part kept. The
    original starts from ``Y{m+1}{1}`` (the layer's input) in every configuration scatnet
    runs (the time bank never blurs U, ``is_U_blurred = false``), so ``U_m`` alone is enough.

    Parameters
    ----------
    Y_m : LayerY or ScatteringLayer
        The sub-layers of :func:`U_to_Y` (MATLAB ``Y{m+1}``), or their input ``U[m]`` itself.
    archs : Architecture or ArchLayer
        From :func:`scatnet.sc_setup`, or the layer object ``archs[m]``.
    m : int, optional
        The 0-based layer (MATLAB ``archs{m+1}``); default the order of ``Y_m``.
    n_jobs : int, optional
        Threads (as in :func:`scatnet.sc_propagate`).

    Returns
    -------
    ScatteringLayer
        ``S[m]``, equal to ``sc_propagate(x, archs)[m]`` for whole signals (chunked ones keep
        their chunk axis, as with ``is_unchunked = False``).

    Raises
    ------
    InputError, InputTypeError
        Checked before any computation: ``Y_m`` is neither, is a Y layer (the wavelet
        outputs, not the input), belongs to another layer, or has other shapes than the
        architecture's rows.
    OptionError
        The layer has a custom (summed or max-pooled) invariant: not applied layer by layer
        here; :func:`scatnet.sc_propagate` computes it.

    See Also
    --------
    U_to_Y : Makes ``Y_m``.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, default_auditory, initialize_U, U_to_Y, Y_to_S
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> Y0 = U_to_Y(initialize_U(np.ones(1024), archs), archs, 0)
    >>> Y_to_S(Y0, archs, 0)[0].data.shape       # S0: 64 frames (hop T/2 = 16)
    (64,)
    """
    if isinstance(Y_m, LayerY):
        Y_m = Y_m.input
    if isinstance(Y_m, ScatteringLayer) and Y_m.kind == "Y":
        raise InputTypeError(f"Y_to_S: got the wavelet outputs Y[{Y_m.order}]; S is blurred from "
                             "the layer's input: pass the whole Y_m = U_to_Y(U_m, archs, m) (MATLAB "
                             "Y{m}), or U[m]")
    U_m = check_layer(Y_m, "U", "Y_to_S", "Y_m")
    archs, m = resolve(archs, m, "Y_to_S", inferred=U_m.order, what="Y_m")
    walk = archs.walk()
    post = walk.extra.get("invariants")
    if post and post[m] is not None:
        raise OptionError(f"Y_to_S: layer {m} has a custom invariant (opts[{m}]['invariants'], "
                          f"time {post[m].time!r}); Y_to_S applies the 'blurred' time invariant "
                          "only: use sc_propagate(x, archs) for the S of that layer")
    arrays, batch_shape = to_groups(U_m, archs, m, "Y_to_S")
    n_jobs = n_threads(n_jobs)
    lw = walk.layers[m]
    complex_dtype = np.result_type(arrays[0].dtype, np.complex64)
    with threads(n_jobs):
        spectra = [fftb.rfft(u, n_jobs) for u in arrays]
        H = apply_step(lw.blur, spectra, [g.length for g in lw.groups], True, complex_dtype,
                       arrays[0].shape[0], lambda n: np.empty(n, complex_dtype))[0]
        S = [fftb.irfft(h, g.length, n_jobs) for h, g in zip(H, lw.blur.out_groups)]
    return from_groups("S", archs, m, S, batch_shape, U_m.chunks)
