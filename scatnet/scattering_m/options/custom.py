"""The custom path of ``setup_plans.m``: ``opts{m}.banks.<var>`` and ``opts{m}.invariants.<var>``.

Spec §1.2.9. The custom path is triggered at layer 0 when both ``banks`` and ``invariants`` are
given, at a layer m ≥ 1 when either is. Its differences with the default path (``opts{m}.time``):

* layer 0: the bank's ``is_U_blurred`` defaults to true, so a ``'blurred'`` S_0 comes from the
  bank's own low-pass (its ``T``, its ``S_log2_oversampling``), not from the invariant; the
  invariant (``fill_invariant_spec(opt)`` without a bank: ``T`` and ``size`` required, low-pass
  ``gaussian_1d``) is what the original copies to the implicit last layer;
* layer m ≥ 1: the invariant is ``fill_invariant_spec(invariants.time, bank)`` (its own ``T``,
  default the bank's; its own ``S_log2_oversampling``);
* an entry with ``invariants`` only is an explicit last layer;
* ``invariance`` may be ``'summed'`` or ``'maxpooled'`` (``sum_Y.m``, ``maxpool_Y.m``), and
  ``invariants.gamma`` reduces the γ1 axis after the time invariant (``Y_to_S.m``).

MATLAB: ``architecture/setup_plans.m``, ``fill_invariant_spec.m``, ``fill_invariant_behavior.m``.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from scatnet._errors import IgnoredOptionWarning, OptionError
from scatnet.scattering_m.options import _checks as c
from scatnet.scattering_m.options import fields as F
from scatnet.scattering_m.options._checks import Where
from scatnet.scattering_m.options.spec import FilterSpec, InvariantSpec, PostInvariant

__all__ = ["INVARIANT_FIELDS", "check_plan", "one_arg_invariant", "parse_custom_layer", "post_invariants",
           "two_arg_invariant"]

#: Fields read from ``opts{m}.invariants.time`` (``fill_invariant_spec.m``,
#: ``fill_invariant_behavior.m``); their parsers are those of the option table.
INVARIANT_FIELDS = ("invariance", "T", "size", "J", "invariant_handle", "phi_bw_multiplier",
                    "trim_threshold", "has_real_ft", "has_duals", "duality",
                    "has_multiple_support", "S_log2_oversampling", "is_S_invariant",
                    "is_S_bypassed", "subscripts")
#: Fields read from ``opts{m}.invariants.gamma`` that scatnet executes.
GAMMA_INVARIANT_FIELDS = ("invariance", "subscripts")
#: Real-Fourier low-passes (``fill_invariant_spec.m`` without a bank).
_REAL_LOWPASS = {"gaussian_1d": True, "gamma_1d": False, "rectangular_1d": True}
_COMPUTED_SUBSCRIPT = {"time": (1,), "gamma": (2,)}


def parse_custom_layer(layer_opts, m, parse_variable, parse_nonlinearity, parse_flags):
    """Validate one custom-path layer dict (``banks``, ``invariants``, ``nonlinearity``, ``etc``).

    MATLAB: the custom branches of ``setup_plans.m`` (spec §1.2.9).

    Parameters
    ----------
    layer_opts : dict
        ``opts[m]``, holding ``'banks'`` and/or ``'invariants'``.
    m : int
        The layer, 0-based.
    parse_variable, parse_nonlinearity, parse_flags : callable
        The field parsers of :mod:`scatnet.scattering_m.options.validate`.

    Returns
    -------
    ParsedLayer
        ``variables`` holds the parsed banks (``{'time': {...}}``, empty for an explicit last
        layer) and ``invariants`` the parsed invariants per variable.

    Raises
    ------
    OptionError
        On a key of the default path next to ``banks``/``invariants``, a layer 0 without both,
        a bank other than ``time``, a field misplaced one level up (``banks.is_chunked``, which
        the original ignores), an unknown field (with the closest name) or a missing
        ``invariants.time``.
    """
    from scatnet.scattering_m.options.validate import ParsedLayer
    where = Where(m)
    allowed = ("banks", "invariants", "nonlinearity") + (("etc",) if m == 0 else ())
    for key in layer_opts:
        if key in ("time", "gamma", "j"):
            c.fail(Where(m, key), f"{key!r} (the default path) is given next to 'banks'/"
                                  f"'invariants' (the custom path, spec §1.2.9); the original "
                                  f"then ignores opts{{{m + 1}}}.{key}. Move its fields into "
                                  f"opts[{m}]['banks'][{key!r}] (and the invariant fields into "
                                  f"opts[{m}]['invariants'][{key!r}]).")
        if key not in allowed:
            c.fail(where, f"unknown key {key!r} in a custom-path layer.{c.suggest(key, allowed)} "
                          f"Valid keys: {', '.join(map(repr, allowed))}.")
    if m == 0 and not ("banks" in layer_opts and "invariants" in layer_opts):
        have, lack = (("banks", "invariants") if "banks" in layer_opts
                      else ("invariants", "banks"))
        c.fail(Where(0, lack), f"opts[0] has {have!r} but no {lack!r}: the original takes the "
                               f"custom path at the first layer only when both are given (and "
                               f"crashes otherwise). Add opts[0][{lack!r}] = {{'time': {{...}}}}, "
                               f"or use opts[0]['time'].")
    variables = {}
    if "banks" in layer_opts and not c.is_empty(layer_opts["banks"]):
        banks = _dict(layer_opts["banks"], Where(m, "banks"))
        for name, raw in banks.items():
            bwhere = Where(m, f"banks.{name}")
            if name in ("gamma", "j"):
                c.fail(bwhere, f"a {name!r} bank in the custom path (joint or spiral scattering "
                               f"with custom invariants) is not supported in this version; use "
                               f"the default path opts[1][{name!r}] (blurred in time), or a "
                               f"plain 'time' bank with opts[m]['invariants'].")
            if name != "time":
                _misplaced(name, Where(m, "banks"), "banks")
            variables["time"] = parse_variable(raw, m, "time", bwhere)
        if "time" not in variables:
            c.fail(Where(m, "banks"), "no 'time' bank; give opts[m]['banks']['time'] (use {} "
                                      "for the defaults).")
    invariants = {}
    if "invariants" in layer_opts and not c.is_empty(layer_opts["invariants"]):
        raw_invs = _dict(layer_opts["invariants"], Where(m, "invariants"))
        for name, raw in raw_invs.items():
            iwhere = Where(m, f"invariants.{name}")
            if name in ("j", "theta", "space"):
                c.fail(iwhere, f"an invariant along {name!r} is not supported: scatnet executes "
                               f"the invariants along 'time' and 'gamma'.")
            if name not in ("time", "gamma"):
                _misplaced(name, Where(m, "invariants"), "invariants")
            if name == "gamma" and m == 0:
                c.fail(iwhere, "S_0 has no γ axis: the original reads only "
                               "opts{1}.invariants.time at the first layer. Remove it, or put "
                               "it in a later layer.")
            invariants[name] = _parse_invariant(raw, iwhere, name)
    if not invariants:
        c.fail(Where(m, "invariants"), f"opts[{m}] has no 'invariants': without them the "
                                       f"original makes no S_{m} (it leaves S{{{m + 1}}} empty). "
                                       f"Add opts[{m}]['invariants'] = {{'time': {{'invariance': "
                                       f"'blurred'}}}}.")
    if "time" not in invariants:
        c.fail(Where(m, "invariants"), "no 'time' invariant; scatnet needs "
                                       f"opts[{m}]['invariants']['time'] (e.g. {{'invariance': "
                                       f"'summed'}}) before any γ invariant.")
    nonlinearity = None
    if "nonlinearity" in layer_opts and not c.is_empty(layer_opts["nonlinearity"]):
        nonlinearity = parse_nonlinearity(layer_opts["nonlinearity"], Where(m, "nonlinearity"))
    etc = {}
    if "etc" in layer_opts and not c.is_empty(layer_opts["etc"]):
        etc = parse_flags(layer_opts["etc"], Where(m, "etc"), F.ETC_FIELDS)
    return ParsedLayer(variables, nonlinearity, etc, invariants=invariants)


def _dict(value, where):
    if not isinstance(value, dict):
        c.fail(where, f"{c.show(where, value)} has type {type(value).__name__}; expected a dict "
                      "keyed by variable, e.g. {'time': {...}}.", c.OptionTypeError)
    return value


def _misplaced(name, where, what):
    if name in F.FIELD_BY_NAME:
        c.fail(where.at(name), f"{name!r} is a field, not a variable: the original reads "
                               f"opts{{m}}.{what}.time.{name} and ignores "
                               f"opts{{m}}.{what}.{name} (so its value would not be used). Move "
                               f"it into opts[{where.layer}][{what!r}]['time'].")
    c.fail(where, f"unknown variable {name!r}.{c.suggest(name, ('time', 'gamma'))} Valid "
                  f"variables: 'time'" + (", 'gamma'." if what == "invariants" else "."))


def _parse_invariant(value, where, variable):
    value = _dict(value, where)
    valid = INVARIANT_FIELDS if variable == "time" else GAMMA_INVARIANT_FIELDS
    out = {}
    for name, raw in value.items():
        if name not in valid:
            c.fail(where, f"unknown field {name!r} of an invariant.{c.suggest(name, valid)} Valid "
                          f"fields: {', '.join(valid)}.")
        if c.is_empty(raw):
            continue
        out[name] = F.FIELD_BY_NAME[name].parse(raw, where.at(name))
    if "subscripts" in out and out["subscripts"] != _COMPUTED_SUBSCRIPT[variable]:
        w = where.at("subscripts")
        c.warn_user(f"{w}: {c.show(w, list(out['subscripts']))} is not used: the original "
                    f"reduces the axis of the {variable} variable found in the layer's tensors "
                    f"(axis {_COMPUTED_SUBSCRIPT[variable][0]} for one signal); remove it to "
                    f"silence this warning.", IgnoredOptionWarning)
    return out


def one_arg_invariant(inv, where, size, bank_T) -> InvariantSpec:
    """``fill_invariant_spec(opt)`` without a bank (layer-0 invariant, explicit last layer).

    A ``'blurred'`` invariant needs its own ``T`` and ``size`` (the bank size) and defaults to
    ``gaussian_1d``; a summed or max-pooled one has no low-pass (``T`` is kept as the bank's).

    Parameters
    ----------
    inv : dict
        The parsed ``opts{m}.invariants.time``.
    where : Where
        Its place in ``opts``, for messages.
    size : int
        The first-order bank size (the grid of every layer).
    bank_T : int
        A ``T`` to keep on a summed/max-pooled invariant (unused by it).

    Returns
    -------
    InvariantSpec
        The invariant.

    Raises
    ------
    OptionError
        A blurred invariant without ``T`` or ``size`` (the original crashes on the missing
        field), a ``size`` other than the bank's, ``T > size``, or ``'bypassed'``.
    """
    invariance = _invariance(inv, where)
    if invariance != "blurred":
        return _unfiltered(inv, invariance, size, bank_T)
    for name in ("T", "size"):
        if name not in inv:
            c.fail(where.at(name), f"a 'blurred' invariant without a bank of its variable reads "
                                   f"its own {name} (the original crashes without it); set "
                                   f"{where.at(name).python}" + (f" = {size}." if name == "size"
                                                                 else " (a power of two)."))
    if inv["size"] != size:
        c.fail(where.at("size"), f"{c.show(where.at('size'), inv['size'])} differs from the size "
                                 f"of the first-order bank, {size}: every layer lives on that "
                                 f"grid. Set it to {size}.")
    T = inv["T"]
    if T > size:
        c.fail(where.at("T"), f"T={T} exceeds size={size}; use T ≤ {size}.")
    handle = inv.get("invariant_handle", "gaussian_1d")
    c_real = _REAL_LOWPASS[handle]
    if "has_real_ft" in inv and inv["has_real_ft"] != c_real:
        c.warn_enforced(where.at("has_real_ft"), inv["has_real_ft"], c_real,
                        f"the realness of {handle}")
    return InvariantSpec(
        invariance="blurred", invariant_handle=handle, size=size, T=T,
        J=_J(inv, where, T), phi_bw_multiplier=inv.get("phi_bw_multiplier", 2.0),
        trim_threshold=inv.get("trim_threshold", F.EPS), has_real_ft=c_real,
        has_multiple_support=inv.get("has_multiple_support", False),
        has_duals=inv.get("has_duals", "duality" in inv),
        duality=inv.get("duality", "hermitian"),
        S_log2_oversampling=_s_os(inv, T), is_S_invariant=inv.get("is_S_invariant", True),
        is_S_bypassed=inv.get("is_S_bypassed", False))


def two_arg_invariant(inv, where, spec: FilterSpec) -> InvariantSpec:
    """``fill_invariant_spec(opt, bank_spec)``: the invariant of a layer with a ``time`` bank.

    ``T`` defaults to the bank's; the low-pass follows the wavelet (``default_invariant_handle``);
    ``size``, ``phi_bw_multiplier``, ``trim_threshold`` and ``has_real_ft`` are the bank's.

    Parameters
    ----------
    inv : dict
        The parsed ``opts{m}.invariants.time``.
    where : Where
        Its place in ``opts``, for messages.
    spec : FilterSpec
        The layer's time bank.

    Returns
    -------
    InvariantSpec
        The invariant.

    Raises
    ------
    OptionError
        ``T > size`` or ``'bypassed'``.
    """
    invariance = _invariance(inv, where)
    for name, used in (("size", spec.size), ("phi_bw_multiplier", spec.phi_bw_multiplier),
                       ("trim_threshold", spec.trim_threshold), ("has_real_ft", spec.has_real_ft)):
        if name in inv and inv[name] != used:
            c.warn_enforced(where.at(name), inv[name], used, "the value of the layer's time bank")
    T = inv.get("T", spec.T)
    if invariance != "blurred":
        return _unfiltered(inv, invariance, spec.size, T)
    if T > spec.size:
        c.fail(where.at("T"), f"T={T} exceeds size={spec.size}; use T ≤ {spec.size}.")
    if isinstance(spec.wavelet, str):
        default_handle = F.DEFAULT_LOWPASS[spec.wavelet]
    else:
        default_handle = F.USER_WAVELET_LOWPASS
    return InvariantSpec(
        invariance="blurred", invariant_handle=inv.get("invariant_handle", default_handle),
        size=spec.size, T=T, J=_J(inv, where, T), phi_bw_multiplier=spec.phi_bw_multiplier,
        trim_threshold=spec.trim_threshold, has_real_ft=spec.has_real_ft,
        has_multiple_support=inv.get("has_multiple_support", spec.has_multiple_support),
        has_duals=inv.get("has_duals", "duality" in inv),
        duality=inv.get("duality", "hermitian"),
        S_log2_oversampling=_s_os(inv, T), is_S_invariant=inv.get("is_S_invariant", True),
        is_S_bypassed=inv.get("is_S_bypassed", False))


def post_invariants(invariants, m) -> tuple[PostInvariant, ...]:
    """The γ invariants of a custom layer (``opts{m}.invariants.gamma``), in the original's order.

    Parameters
    ----------
    invariants : dict
        The parsed invariants of the layer.
    m : int
        The layer, 0-based (for messages).

    Returns
    -------
    tuple of PostInvariant
        ``()`` or one ``PostInvariant('gamma', 'summed' | 'maxpooled')``; ``'bypassed'``
        leaves S unchanged (no entry).

    Raises
    ------
    OptionError
        A ``'blurred'`` γ invariant (the default of ``fill_invariant_spec``): blurring along γ1
        without a gamma bank is not executed by scatnet.
    """
    g = invariants.get("gamma")
    if g is None:
        return ()
    invariance = g.get("invariance", "blurred")
    if invariance == "blurred":
        w = Where(m, "invariants.gamma").at("invariance")
        c.fail(w, f"{c.show(w, invariance)}"
                  f"{' (the default)' if 'invariance' not in g else ''}: blurring S along γ1 "
                  f"without a gamma bank is not supported; use 'summed' (frequency-transposition "
                  f"invariance) or 'maxpooled'.")
    if invariance == "bypassed":
        return ()
    return (PostInvariant("gamma", invariance),)


def _invariance(inv, where):
    invariance = inv.get("invariance", "blurred")
    if invariance == "bypassed":
        w = where.at("invariance")
        c.fail(w, f"{c.show(w, invariance)} (S_m is U_m itself) is not supported in this "
                  f"version: call sc_propagate(x, archs, return_U=True) and read U[m], or use "
                  f"'blurred', 'summed' or 'maxpooled'.")
    return invariance


def _unfiltered(inv, invariance, size, T) -> InvariantSpec:
    """A summed or max-pooled invariant: no low-pass; ``T`` only fills the record."""
    T = min(int(T), int(size))
    return InvariantSpec(invariance=invariance, invariant_handle="gaussian_1d", size=size, T=T,
                         J=round(math.log2(T)), is_S_invariant=inv.get("is_S_invariant", True),
                         is_S_bypassed=inv.get("is_S_bypassed", False))


def _J(inv, where, T):
    J = round(math.log2(T))
    if "J" in inv and inv["J"] != J:
        c.warn_enforced(where.at("J"), inv["J"], J, "J = log2(T)")
    return J


def _s_os(inv, T):
    value = inv.get("S_log2_oversampling", 0)
    return round(math.log2(T)) - 1 if math.isinf(value) else value


def with_invariant(layer_plan, invariant, post, declared=None):
    """Replace the invariant of a resolved layer (custom path).

    Parameters
    ----------
    layer_plan : LayerPlan
        The layer resolved from its ``banks``.
    invariant : InvariantSpec
        The invariant that makes S_m.
    post : tuple of PostInvariant
        The γ invariants.
    declared : InvariantSpec, optional
        The invariant copied to the implicit last layer when it differs from ``invariant``.

    Returns
    -------
    LayerPlan
        The layer with its custom invariants.
    """
    return replace(layer_plan, invariant=invariant, post_invariants=post,
                   declared_invariant=declared)


def strip_u_blurred(t: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Split the layer-0 bank's ``is_U_blurred`` (custom default: true) from its fields.

    Parameters
    ----------
    t : dict
        The parsed ``opts{1}.banks.time``.

    Returns
    -------
    fields : dict
        ``t`` without ``is_U_blurred``: scatnet has no separate φ route; it makes S_0 with the
        bank's low-pass instead.
    blurred : bool
        ``is_U_blurred`` as the original resolves it (default true).
    """
    return {k: v for k, v in t.items() if k != "is_U_blurred"}, t.get("is_U_blurred", True)


def check_plan(plan):
    """Refuse combinations of custom invariants that scatnet does not execute.

    Parameters
    ----------
    plan : Plan
        The resolved options.

    Raises
    ------
    OptionError
        Summed or max-pooled invariants with chunked input (they would reduce each chunk on
        its own, which the original then concatenates), or with joint/spiral layers; a γ
        invariant on ``S_1`` after a custom first layer (the original keeps γ1 as a cell
        level of S_1 there).
    """
    n = plan.n_layers
    invariants = [lp.invariant for lp in plan.layers] + [plan.final_invariant]
    custom = [m for m in range(n + 1)
              if invariants[m].invariance != "blurred" or plan.post_invariants(m)]
    if not custom:
        return
    m = custom[0]
    if plan.input.is_chunked:
        raise OptionError(
            f"opts[0] is chunked (is_chunked defaults to True) and the invariant of S_{m} is not "
            f"a time blur: a summed or max-pooled invariant would reduce each chunk on its own. "
            f"Set is_chunked = False in opts[0]['banks']['time'] (or opts[0]['time']) and pass "
            f"signals of 'size' samples")
    if any(len(lp.banks) > 1 for lp in plan.layers):
        raise OptionError(
            "summed or max-pooled invariants with joint or spiral layers ('gamma'/'j' banks) are "
            "not supported in this version; use 'blurred' invariants with those layers")
    if plan.layers[0].declared_invariant is not None and n >= 1 and plan.post_invariants(1):
        raise OptionError(
            "a 'gamma' invariant on S_1 after a custom first layer (opts[0]['banks']) is not "
            "supported: the original keeps γ1 as a cell level of S_1 there. Put the 'gamma' "
            "invariant on a later layer, or use opts[0]['time'] for the first layer")
