"""``opts`` (list of per-layer dicts) → :class:`~scatnet.scattering_m.options.spec.Plan`.

MATLAB: ``architecture/setup_plans.m`` with ``fill_bank_spec.m``, ``fill_bank_behavior.m``,
``fill_invariant_spec.m``, ``fill_invariant_behavior.m``, ``fill_nonlinearity.m``,
``fill_etc.m`` (spec §1.2).
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from scatnet._errors import ScatnetWarning
from scatnet.scattering_m.options import _checks as c
from scatnet.scattering_m.options import custom
from scatnet.scattering_m.options import fields as F
from scatnet.scattering_m.options._checks import Where
from scatnet.scattering_m.options.auditory import nextpow2
from scatnet.scattering_m.options.spec import (
    BankBehavior,
    BankPlan,
    FilterSpec,
    InputSpec,
    InvariantSpec,
    LayerPlan,
    NonlinearitySpec,
    Plan,
    SpiralSpec,
    UserWavelet,
)
from scatnet.scattering_m.options.validate import ParsedLayer, parse_opts

__all__ = ["resolve_options"]


def resolve_options(opts) -> Plan:
    """Validate ``opts`` and resolve every default and derived field into a :class:`Plan`.

    MATLAB: ``architecture/setup_plans.m`` (and the ``fill_*.m`` helpers it calls).

    Defaults and derivations are those of the original (spec §1.2): e.g. ``max_Q`` and
    ``nFilters_per_octave`` default to each other (else 1), ``T = size/4`` if only ``size`` is
    given, ``size = 4·max(T, max_scale)`` (``8·T`` if ``max_scale`` is infinite),
    ``mother_xi = 1/(1+2^(1/nfo))``; layers ≥ 1 default to gammatone wavelets with the
    previous layer's ``T`` and the first layer's ``size``.

    Parameters
    ----------
    opts : list or tuple of dict
        ``opts[m]`` (MATLAB ``opts{m+1}``) holds the options of layer m: the variable dicts
        ``'time'`` (required), ``'gamma'`` and ``'j'`` (``opts[1]`` only), and optionally
        ``'nonlinearity'`` and, in ``opts[0]``, ``'etc'``. Field names are MATLAB's; see
        ``doc/options.md`` for every field, its default and its range. The custom path of
        the original (``'banks'`` and ``'invariants'`` dicts keyed by variable, spec §1.2.9)
        is read by :mod:`scatnet.scattering_m.options.custom`. Empty values
        (``None``, ``[]``, ``()``, empty arrays) count as missing.

    Returns
    -------
    Plan
        Frozen and hashable: one :class:`LayerPlan` per layer (banks in the order time,
        gamma, j; the layer's invariant; its nonlinearity) and the :class:`InputSpec`.

    Raises
    ------
    OptionTypeError
        ``opts`` is not a list of dicts, or a field value has the wrong type.
    OptionError
        Unknown field or key (with the closest valid name), value out of range, missing
        ``'time'``, ``'j'`` without ``'gamma'``, unsupported features (``'theta'``,
        ``'adapted_log'``; on the custom path: gamma/j banks, ``'bypassed'`` and γ-blurred
        invariants, see :mod:`scatnet.scattering_m.options.custom`).

    Warns
    -----
    EnforcedOptionWarning
        A user value of a field the original derives itself (``J``, the ``size`` of layers ≥ 1
        and of gamma/j banks, ``is_spinned``/``has_multiple_support`` of gamma/j, the
        finite-difference settings, ``nOctaves``, ...) differs from the derived value. The
        derived value is used, as in the original (which ignores such values silently). Also a
        first ``gamma_bounds`` below 1, clamped to 1 as the original does.
    IgnoredOptionWarning
        A field the original never reads (``phi``).
    ScatnetWarning
        ``opts[0]['time']['size']`` is not a power of two: it is padded to the next one.

    Examples
    --------
    >>> from scatnet.scattering_m.options import default_auditory, resolve_options
    >>> plan = resolve_options([default_auditory(8192, 8192, 8), {'time': {}}])
    >>> [b.filters.wavelet for layer in plan.layers for b in layer.banks]
    ['morlet_1d', 'gammatone_1d']
    >>> plan.layers[1].invariant.invariant_handle
    'gamma_1d'
    """
    parsed = parse_opts(opts)
    first = parsed[0]
    custom0 = first.invariants is not None
    root_where = Where(0, "banks.time" if custom0 else "time")
    t = _pad_size(first.variables["time"], root_where)
    if custom0:
        t, u_blurred = custom.strip_u_blurred(t)
    root_spec, root_behavior, input_spec = _resolve_root(t, root_where)
    _check_subscripts(t, root_where, root_spec)
    invariant = _resolve_invariant(t, root_spec, root_where)
    layer0 = LayerPlan(banks=(BankPlan("time", root_spec, root_behavior),),
                       invariant=invariant, nonlinearity=_resolve_nonlinearity(first, 0))
    if custom0:  # S_0 from the bank's φ route when blurred (spec §1.2.9, §3.8)
        declared = custom.one_arg_invariant(first.invariants["time"],
                                            Where(0, "invariants.time"), root_spec.size,
                                            root_spec.T)
        if declared.invariance != "blurred" or not u_blurred:
            invariant = declared
        layer0 = custom.with_invariant(layer0, invariant, (), declared)
    layers = [layer0]
    given_size = first.variables["time"].get("size")
    last_invariant = last_post = None
    for m in range(1, len(parsed)):
        layer = parsed[m]
        if layer.invariants is not None and not layer.variables:  # explicit last layer
            iwhere = Where(m, "invariants.time")
            if m != len(parsed) - 1:
                c.fail(Where(m, "banks"), f"opts[{m}] has 'invariants' but no 'banks': only the "
                                          f"last entry of opts may (an explicit last layer); "
                                          f"the layers after it would have no input. Add "
                                          f"opts[{m}]['banks'] = {{'time': {{}}}}.")
            last_invariant = custom.one_arg_invariant(layer.invariants["time"], iwhere,
                                                      root_spec.size, layers[-1].banks[0].filters.T)
            last_post = custom.post_invariants(layer.invariants, m)
            break
        lp = _resolve_upper_layer(layer, m, layers, given_size)
        if layer.invariants is not None:
            lp = custom.with_invariant(
                lp, custom.two_arg_invariant(layer.invariants["time"],
                                             Where(m, "invariants.time"), lp.banks[0].filters),
                custom.post_invariants(layer.invariants, m))
        layers.append(lp)
    etc = first.etc
    plan = Plan(layers=tuple(layers), input=input_spec,
                is_waitbar_shown=etc.get("is_waitbar_shown", False),
                is_waitbar_docked=etc.get("is_waitbar_docked", False),
                last_invariant=last_invariant, last_post_invariants=last_post)
    custom.check_plan(plan)
    return plan


# ---------------------------------------------------------------------------------------------
# layer 0


def _pad_size(t: dict[str, Any], where: Where) -> dict[str, Any]:
    """A ``size`` that is not a power of two is padded to the next one, with one warning.

    The manual's "automatic padding to the next power of 2": the FFT length (and chunk length)
    becomes ``2^nextpow2(size)``, and ``T`` defaults to a quarter of it. A signal of the given
    length is then padded by :func:`scatnet.sc_propagate` (``padding``) and its outputs cut
    back to its length.
    """
    size = t.get("size")
    if size is None or not size & (size - 1):
        return t
    padded = 2 ** nextpow2(size)
    w = where.at("size")
    if t.get("is_chunked", True):
        what = f"signals are cut into chunks of {padded} samples"
    else:
        what = (f"a signal of {size} samples is padded to {padded} as 'padding' says "
                f"({t.get('padding', 'periodic')!r}) and its outputs are cut back to its length")
    c.warn_user(f"{w}: {c.show(w, size)} is not a power of two; it is padded to the next power "
                f"of two, size={padded} (the toolbox manual's automatic padding): {what}. Set "
                f"size={padded} to silence this warning.", ScatnetWarning)
    return {**t, "size": padded}


def _check_subscripts(f, where: Where, spec: FilterSpec, expected=(1,), axis="time") -> None:
    """``subscripts`` is MATLAB bookkeeping (the tensor axis a bank filters): only the value the
    toolbox computes itself is accepted (``setup_plans.m``)."""
    if "subscripts" not in f or tuple(f["subscripts"]) == tuple(expected):
        return
    w = where.at("subscripts")
    shown = list(f["subscripts"]) if len(f["subscripts"]) > 1 else f["subscripts"][0]
    want = list(expected) if len(expected) > 1 else expected[0]
    c.fail(w, f"{c.show(w, shown)} differs from the value the toolbox computes, {want} (the "
              f"{axis} axis of the layer's tensors, which this bank filters). Other axes are "
              f"not supported: remove the field (or set it to {want}).")


def _resolve_root(t: dict[str, Any], where: Where):
    """First-order bank and input (``setup_plans.m`` first-order branch, spec §1.2.1)."""
    if "T" in t:
        T = t["T"]
    elif "size" in t:
        size = t["size"]
        if size < 8:
            c.fail(where.at("size"), f"{c.show(where.at('size'), size)} is too small: T "
                                     f"defaults to size/4 and must be ≥ 2; give size ≥ 8.")
        T = size // 4
    else:
        c.fail(where, "neither 'T' nor 'size' is given; set the averaging scale T (a power of "
                      "two, e.g. {'T': 256}) or the FFT length size (T then defaults to size/4).")
    spec = _fill_spec(t, where, T=T, wavelet="morlet_1d")
    is_chunked = t.get("is_chunked", True)
    windowing = _pick(t, where, "windowing", "tukey",
                      enforced=None if is_chunked else ("none", "is_chunked is False"))
    input_spec = InputSpec(size=spec.size, T=spec.T, is_chunked=is_chunked, windowing=windowing,
                           is_unchunked=t.get("is_unchunked", True),
                           max_minibatch_size=t.get("max_minibatch_size", 64))
    behavior = _fill_behavior(t, where, spec, is_U_blurred=t.get("is_U_blurred", False))
    return spec, behavior, input_spec


# ---------------------------------------------------------------------------------------------
# layers ≥ 1


def _resolve_upper_layer(layer: ParsedLayer, m: int, previous, given_size=None) -> LayerPlan:
    """Banks time[, gamma[, j]] of layer m ≥ 1 (``setup_plans.m`` upper orders)."""
    root0 = previous[0].banks[0]  # first-order time bank
    root_prev = previous[m - 1].banks[0]  # previous layer's time bank
    t = layer.variables["time"]
    if given_size is not None and t.get("size") == given_size:
        t = {**t, "size": root_prev.filters.size}  # the padded first-order size: warned once
    twhere = Where(m, "time" if layer.invariants is None else "banks.time")
    time_spec = _fill_spec(
        t, twhere, T=t.get("T", root_prev.filters.T), wavelet="gammatone_1d",
        enforced={"size": (root_prev.filters.size, "the size of the first-order time bank")})
    _check_subscripts(t, twhere, time_spec)
    # MATLAB: the γ and j banks filter the axes after the time bank's (its ``dimension``: 1,
    # plus the θ axis of a spinned first order)
    dimension = 1 + (1 if root0.filters.is_spinned else 0)
    gamma_padding_length = 0
    banks = []
    if "gamma" in layer.variables:
        gamma_bank = _resolve_gamma(layer.variables["gamma"], Where(m, "gamma"), root0)
        _check_subscripts(layer.variables["gamma"], Where(m, "gamma"), gamma_bank.filters,
                          (dimension + 1,), "γ1")
        gamma_padding_length = gamma_bank.filters.T // 2
        banks.append(gamma_bank)
    if "j" in layer.variables:
        j_bank = _resolve_j(layer.variables["j"], Where(m, "j"), root0)
        _check_subscripts(layer.variables["j"], Where(m, "j"), j_bank.filters, (dimension + 2,),
                          "octave")
        spiral = j_bank.behavior.spiral
        banks[0] = BankPlan("gamma", banks[0].filters,
                            replace(banks[0].behavior, spiral=spiral))
        banks.append(j_bank)
    time_behavior = _fill_behavior(
        t, twhere, time_spec, gamma_padding_length=gamma_padding_length,
        is_U_blurred=_pick(t, twhere, "is_U_blurred", False,
                           enforced=(False, "higher-order time banks never blur U")))
    banks.insert(0, BankPlan("time", time_spec, time_behavior))
    return LayerPlan(banks=tuple(banks), invariant=_resolve_invariant(t, time_spec, twhere),
                     nonlinearity=_resolve_nonlinearity(layer, m))


def _resolve_gamma(g: dict[str, Any], where: Where, root0: BankPlan) -> BankPlan:
    """Joint time–frequency bank along γ1 (spec §1.2.3)."""
    nChromas = root0.filters.nFilters_per_octave
    nGammas = root0.filters.J * nChromas
    if "T" in g:
        T = g["T"]
    else:
        T = 2 ** nextpow2(nChromas)
        if T < 2:
            c.fail(where.at("T"), f"T defaults to 2^nextpow2(nFilters_per_octave of layer 0) = "
                                  f"{T}, which leaves no wavelet along γ1; set "
                                  f"{where.at('T').python} to a power of two ≥ 2.")
    size = 2 ** nextpow2(nGammas + T)
    spec = _fill_spec(g, where, T=T, wavelet="morlet_1d", enforced={
        "size": (size, "2^nextpow2(J1·nfo1 + T) for the γ1 axis"),
        "is_spinned": (True, "gamma banks are always spinned"),
        "has_multiple_support": (True, "gamma banks always have multiple supports"),
    })
    return BankPlan("gamma", spec, _fill_behavior(g, where, spec, is_U_blurred=None))


def _resolve_j(jo: dict[str, Any], where: Where, root0: BankPlan) -> BankPlan:
    """Spiral bank along octaves (spec §1.2.4)."""
    wavelet = jo.get("wavelet_handle", "finitediff_1d")
    defaults: dict[str, Any] = {}
    enforced: dict[str, Any] = {}
    if wavelet == "finitediff_1d":
        rule = "finite differences along octaves"
        enforced.update(T=(2, rule), J=(2, rule), nFilters_per_octave=(1, rule),
                        max_Q=(1, rule), is_spinned=(False, rule))
        T = 2
    else:
        if wavelet in ("gammatone_1d", "RLC_1d"):
            defaults["is_ift_flipped"] = True
            enforced["is_spinned"] = (True, f"spiral {wavelet} banks are always spinned")
        else:
            defaults["is_spinned"] = True
        T = jo.get("T", 4)
    first, last = root0.behavior.gamma_bounds
    nfo1 = root0.filters.nFilters_per_octave
    nOctaves = root0.filters.J
    if not math.isinf(last):
        nOctaves = min(nOctaves, math.ceil((last - first + 1) / nfo1))
    _pick(jo, where, "nOctaves", None, enforced=(
        nOctaves, "min(J1, ceil(nGammas_bound/nfo1)) from the first-order gamma_bounds"))
    enforced["size"] = (2 ** nextpow2(nOctaves + T), "2^nextpow2(nOctaves + T)")
    enforced["has_multiple_support"] = (True, "j banks always have multiple supports")
    spec = _fill_spec(jo, where, T=T, wavelet="finitediff_1d", defaults=defaults,
                      enforced=enforced)
    spiral = SpiralSpec(nChromas=nfo1, octave_padding_length=spec.T,
                        subscript=1 + root0.filters.n_thetas)
    return BankPlan("j", spec, _fill_behavior(jo, where, spec, is_U_blurred=None, spiral=spiral))


# ---------------------------------------------------------------------------------------------
# generic fillers


def _pick(f, where: Where, name: str, default, *, enforced=None):
    """MATLAB ``default``/``enforce``: the user's value, else ``default``; an enforced
    ``(value, rule)`` always wins and warns when the user's value differs."""
    if enforced is not None:
        value, rule = enforced
        if name in f and not _same(f[name], value):
            c.warn_enforced(where.at(name), f[name], value, rule)
        return value
    return f.get(name, default)


def _same(a, b) -> bool:
    if isinstance(a, UserWavelet) or isinstance(b, UserWavelet):
        return a == b
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a)
                      and math.isnan(b))


def _fill_spec(f, where: Where, *, T, wavelet, defaults=None, enforced=None) -> FilterSpec:
    """``fill_bank_spec.m``: the filter spec of one bank (spec §1.2.1)."""
    defaults = defaults or {}
    enforced = dict(enforced or {})

    def pick(name, generic):
        return _pick(f, where, name, defaults.get(name, generic), enforced=enforced.get(name))

    wavelet = pick("wavelet_handle", wavelet)
    if isinstance(wavelet, UserWavelet):
        has_real_ft, has_real_ift = False, False
    else:
        has_real_ft, has_real_ift = F.WAVELET_REALNESS[wavelet]
        if wavelet != "gammatone_1d":
            enforced.setdefault("gammatone_order", (4, "only read for gammatone_1d"))
        if has_real_ft:
            enforced.setdefault("is_ift_flipped", (
                False, f"only read for wavelets with a complex spectrum, not {wavelet}"))
    T = pick("T", T)
    J = _pick(f, where, "J", None,
              enforced=enforced.get("J", (round(math.log2(T)), "J = log2(T)")))
    if "nFilters_per_octave" in enforced:
        nfo, max_Q = pick("nFilters_per_octave", None), pick("max_Q", None)
    else:
        max_Q = f.get("max_Q", f.get("nFilters_per_octave", 1))
        nfo = f.get("nFilters_per_octave", max_Q)
        if nfo != round(nfo):
            c.fail(where.at("nFilters_per_octave"),
                   f"nFilters_per_octave defaults to max_Q={max_Q!r}, which is not an integer; "
                   f"set {where.at('nFilters_per_octave').python} explicitly.")
        nfo = int(nfo)
    max_scale = pick("max_scale", T)
    if "size" in enforced:
        size = pick("size", None)
    elif "size" in f:
        size = f["size"]
    else:
        size = 8 * T if math.isinf(max_scale) else 4 * max(T, max_scale)
        if size != round(size) or int(size) & (int(size) - 1):
            c.fail(where.at("size"), f"size defaults to 4·max(T, max_scale) = {size:g}, which is "
                                     f"not a power of two; choose max_scale a power of two or "
                                     f"set {where.at('size').python} explicitly.")
        size = int(size)
    if T > size:
        c.fail(where.at("T"), f"T={T} exceeds size={size}; the averaging scale must fit in the "
                              f"FFT length. Use T ≤ {size} or a larger size.")
    _pick(f, where, "is_double_precision", None, enforced=(True, "scatnet computes in double"))
    _pick(f, where, "is_domain_ft", None, enforced=(True, "Fourier-domain filters are kept"))
    _pick(f, where, "is_domain_ift", None, enforced=(False, "time-domain filters are not kept"))
    has_duals = pick("has_duals", "duality" in f)
    if has_duals is False and "duality" in f and "has_duals" in f:
        c.fail(where, f"duality={f['duality']!r} is given but has_duals=False; remove one of them.")
    spec = FilterSpec(
        wavelet=wavelet, size=size, T=T, J=J, max_Q=float(max_Q), nFilters_per_octave=nfo,
        max_scale=float(max_scale), mother_xi=pick("mother_xi", 1 / (1 + 2 ** (1 / nfo))),
        cutoff_in_dB=pick("cutoff_in_dB", 3.0), phi_bw_multiplier=pick("phi_bw_multiplier", 2.0),
        trim_threshold=pick("trim_threshold", F.EPS),
        periodization_extent=pick("periodization_extent", 1),
        gammatone_order=pick("gammatone_order", 4), is_spinned=pick("is_spinned", False),
        has_multiple_support=pick("has_multiple_support", False),
        has_real_ft=has_real_ft, has_real_ift=has_real_ift,
        is_ift_flipped=pick("is_ift_flipped", False), has_duals=has_duals,
        duality=pick("duality", "hermitian"))
    _check_gamma_bounds(f, where, spec)
    return spec


def _check_gamma_bounds(f, where: Where, spec: FilterSpec) -> None:
    if "gamma_bounds" not in f or spec.wavelet not in ("morlet_1d", "gammatone_1d"):
        return
    n_gammas = spec.J * spec.nFilters_per_octave
    first = f["gamma_bounds"][0]
    if first > n_gammas:
        w = where.at("gamma_bounds")
        c.fail(w, f"{c.show(w, list(f['gamma_bounds']))} selects no wavelet: the bank has "
                  f"{n_gammas} wavelets (J·nFilters_per_octave). Use a first index ≤ {n_gammas}.")


def _never_subsample_U(value, spec: FilterSpec, sibling_mask_factor: float) -> int:
    """``U_log2_oversampling = inf`` as the smallest integer with the same rates.

    The original computes ``min(lr(γ) + Inf, cap)`` = ``cap`` (0, or ``ceil(log2
    sibling_mask_factor)`` after the first order): the wavelet outputs are never subsampled.
    Any ``os ≥ cap − min lr(γ)`` gives the same, and ``lr(γ) ≥ 1 − J``.
    """
    if not math.isinf(value):
        return value
    return spec.J + math.ceil(math.log2(sibling_mask_factor))


def _never_subsample_S(value, T: int) -> int:
    """``S_log2_oversampling = inf`` as ``log2(T) − 1``: the low-pass output at full rate (hop 1).

    The original's first-order blur reads ``min(1 − log2 T + Inf, 0)`` = 0 (full rate); its
    higher-order blurs have no such bound and fail on the infinite length; scatnet gives all
    of them the full rate.
    """
    return round(math.log2(T)) - 1 if math.isinf(value) else value


def _fill_behavior(f, where: Where, spec: FilterSpec, *, is_U_blurred: bool | None,
                   gamma_padding_length: int = 0, spiral=None) -> BankBehavior:
    """``fill_bank_behavior.m`` (spec §1.2.1); ``is_U_blurred=None`` means the generic default."""
    factor = f.get("sibling_mask_factor", 1.0)
    return BankBehavior(
        U_log2_oversampling=_never_subsample_U(f.get("U_log2_oversampling", 1), spec, factor),
        S_log2_oversampling=_never_subsample_S(f.get("S_log2_oversampling", 0), spec.T),
        is_U_blurred=f.get("is_U_blurred", True) if is_U_blurred is None else is_U_blurred,
        is_U_bypassed=f.get("is_U_bypassed", False),
        is_U_scattered=f.get("is_U_scattered", True),
        gamma_bounds=f.get("gamma_bounds", (1.0, math.inf)),
        sibling_mask_factor=factor,
        padding=f.get("padding", "periodic"),
        gamma_padding_length=gamma_padding_length,
        spiral=spiral,
    )


def _resolve_invariant(t, spec: FilterSpec, where: Where) -> InvariantSpec:
    """``fill_invariant_spec.m`` / ``fill_invariant_behavior.m`` from the layer's time options
    and its time bank (spec §1.2.5). ``phi_bw_multiplier``/``trim_threshold`` are always the
    bank's (quirk #3)."""
    if isinstance(spec.wavelet, UserWavelet):
        default_handle = F.USER_WAVELET_LOWPASS
    else:
        default_handle = F.DEFAULT_LOWPASS[spec.wavelet]
    has_real_ft = _pick(t, where, "has_real_ft", None,
                        enforced=(spec.has_real_ft, "the bank's has_real_ft"))
    return InvariantSpec(
        invariance=t.get("invariance", "blurred"),
        invariant_handle=t.get("invariant_handle", default_handle),
        size=spec.size, T=spec.T, J=round(math.log2(spec.T)),
        phi_bw_multiplier=spec.phi_bw_multiplier, trim_threshold=spec.trim_threshold,
        has_real_ft=has_real_ft, has_multiple_support=spec.has_multiple_support,
        has_duals=spec.has_duals, duality=spec.duality,
        S_log2_oversampling=_never_subsample_S(t.get("S_log2_oversampling", 0), spec.T),
        is_S_invariant=t.get("is_S_invariant", True),
        is_S_bypassed=t.get("is_S_bypassed", False),
    )


def _resolve_nonlinearity(layer: ParsedLayer, m: int) -> NonlinearitySpec:
    """``fill_nonlinearity.m`` (spec §1.2.6)."""
    nl = layer.nonlinearity
    where = Where(m, "nonlinearity")
    if not nl:
        return NonlinearitySpec()
    name = nl.get("name")
    if name is None:
        name = "uniform_log" if "denominator" in nl else ("custom" if "handle" in nl else None)
    if name is None:
        c.fail(where, "neither 'name', 'denominator' nor 'handle' is given; use "
                      "{'name': 'modulus'}, {'name': 'uniform_log', 'denominator': 1.0} or "
                      "{'handle': my_function}.")
    if name == "adapted_log":
        c.fail(where.at("name"), "name='adapted_log' is not supported: the original accepts it "
                                 "at setup but errors at run time. Use 'uniform_log' (with "
                                 "'denominator') or 'modulus'.")
    if name in ("modulus", "uniform_log"):
        if "handle" in nl:
            c.fail(where, f"'handle' is given with name={name!r}; a handle is only applied for a "
                          f"custom nonlinearity. Remove 'handle' or the name.")
        if name == "modulus" and "denominator" in nl:
            c.fail(where, "'denominator' is given with name='modulus'; it only applies to "
                          "'uniform_log'. Remove it or use name='uniform_log'.")
        return NonlinearitySpec(name=name, denominator=nl.get("denominator", 1.0))
    if "handle" not in nl:
        c.fail(where.at("name"), f"name={name!r} is not a built-in nonlinearity "
                                 f"(modulus, uniform_log){c.suggest(name, F.NONLINEARITY_NAMES)}"
                                 f" A custom nonlinearity needs a callable 'handle'.")
    return NonlinearitySpec(name="custom", denominator=nl.get("denominator", 1.0),
                            handle=nl["handle"])
