"""Structure and value validation of the user's ``opts`` (STYLE.md G3, G7).

:func:`parse_opts` checks the container structure (a list of per-layer dicts), the layer keys
and every field name against the option table (:mod:`scatnet.scattering_m.options.fields`), drops empty
values (MATLAB ``default.m`` treats them as missing, spec §7 #2) and parses each value into a
normalised Python value. Derivations (defaults that depend on other fields) are left to
:mod:`scatnet.scattering_m.options.resolve`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scatnet._errors import IgnoredOptionWarning
from scatnet.scattering_m.options import _checks as c
from scatnet.scattering_m.options import fields as F
from scatnet.scattering_m.options._checks import OptionTypeError, Where

__all__ = ["ParsedLayer", "context_of", "parse_opts"]


@dataclass
class ParsedLayer:
    """Validated, non-empty fields of one layer, keyed by variable ('time', 'gamma', 'j')."""

    variables: dict[str, dict[str, Any]]
    nonlinearity: dict[str, Any] | None = None
    etc: dict[str, Any] = field(default_factory=dict)
    #: custom path (spec §1.2.9): the parsed ``invariants`` per variable (``variables`` then
    #: holds the ``banks``); None on the default path
    invariants: dict[str, dict[str, Any]] | None = None


def context_of(layer: int, variable: str) -> str:
    """Find the option-table context of ``opts[layer][variable]``.

    Parameters
    ----------
    layer : int
        The layer, 0-based.
    variable : str
        The variable: ``'time'``, ``'gamma'`` or ``'j'``.

    Returns
    -------
    str
        ``'time1'`` for the first layer's time options, else ``'time'``, ``'gamma'`` or
        ``'j'`` (the variable itself).
    """
    if variable == "time":
        return "time1" if layer == 0 else "time"
    return variable


def parse_opts(opts) -> list[ParsedLayer]:
    """Validate ``opts`` and parse every field value.

    MATLAB: none (the original does not validate); field names follow ``setup_plans.m``.

    Parameters
    ----------
    opts : list or tuple of dict
        ``opts[m]`` holds the options of layer m (MATLAB ``opts{m+1}``).

    Returns
    -------
    list of ParsedLayer
        One entry per layer, empty values removed, values normalised.

    Raises
    ------
    OptionTypeError
        ``opts`` is not a list of dicts, or a value has the wrong type.
    OptionError
        Unknown or misplaced key or field, a value out of range, a missing ``'time'``.

    Warns
    -----
    IgnoredOptionWarning
        A field the original never reads (``phi``): ignored.
    EnforcedOptionWarning
        A first ``gamma_bounds`` below 1: clamped to 1, as the original does.
    """
    top = Where()
    if isinstance(opts, Mapping):
        c.fail(top, "opts is a dict; expected a list with one dict per layer, e.g. "
                    "[{'time': {...}}, {'time': {}}]. Wrap a single layer as [opts].",
               OptionTypeError)
    if not isinstance(opts, (list, tuple)):
        c.fail(top, f"opts has type {type(opts).__name__}; expected a list (or tuple) with one "
                    f"dict per layer, e.g. [{{'time': {{'T': 256}}}}, {{'time': {{}}}}].",
               OptionTypeError)
    if len(opts) == 0:
        c.fail(top, "opts is empty; give at least one layer, e.g. [{'time': {'T': 256}}].")
    return [_parse_layer(layer_opts, m) for m, layer_opts in enumerate(opts)]


def _parse_layer(layer_opts, m: int) -> ParsedLayer:
    where = Where(m)
    if not isinstance(layer_opts, Mapping):
        c.fail(where, f"layer options have type {type(layer_opts).__name__}; expected a dict such "
                      f"as {{'time': {{}}}}.", OptionTypeError)
    for key in layer_opts:
        if not isinstance(key, str):
            c.fail(where, f"key {key!r} is not a string; valid keys: "
                          f"{', '.join(map(repr, F.LAYER_KEYS))}.", OptionTypeError)
        if key in F.REFUSED_LAYER_KEYS:
            c.fail(Where(m, key), F.REFUSED_LAYER_KEYS[key] + ".")
        if key not in F.LAYER_KEYS:
            c.fail(where, f"unknown key {key!r}.{c.suggest(key, F.LAYER_KEYS)} Valid keys: "
                          + "; ".join(f"{k!r} ({v})" for k, v in F.LAYER_KEYS.items()) + ".")
    if "banks" in layer_opts or "invariants" in layer_opts:
        from scatnet.scattering_m.options.custom import parse_custom_layer
        return parse_custom_layer(layer_opts, m, _parse_variable, _parse_nonlinearity,
                                  _parse_flags)
    if "time" not in layer_opts:
        c.fail(where, "no 'time' options; every layer needs opts[m]['time'] (use {} for the "
                      f"defaults), e.g. opts[{m}] = {{'time': {{}}}}.")
    for key in ("gamma", "j"):
        if key in layer_opts and m != 1:
            c.fail(Where(m, key), f"'{key}' banks are only supported in the second layer "
                                  f"opts[1] (MATLAB opts{{2}}.{key}): joint and spiral scattering "
                                  f"act on the first-order scalogram. Move it to opts[1].")
    if "j" in layer_opts and "gamma" not in layer_opts:
        c.fail(Where(m, "j"), "spiral scattering needs opts[1]['gamma'] as well (the original "
                              "crashes with an undefined 'spiral'); add opts[1]['gamma'] = {}.")
    if "etc" in layer_opts and m != 0:
        c.fail(Where(m, "etc"), "'etc' is only read in opts[0] (MATLAB opts{1}.etc); move it "
                                "there.")
    variables = {}
    for variable in F.VARIABLE_ORDER:
        if variable in layer_opts:
            variables[variable] = _parse_variable(layer_opts[variable], m, variable)
    nonlinearity = None
    if "nonlinearity" in layer_opts and not c.is_empty(layer_opts["nonlinearity"]):
        nonlinearity = _parse_nonlinearity(layer_opts["nonlinearity"], Where(m, "nonlinearity"))
    etc = {}
    if "etc" in layer_opts and not c.is_empty(layer_opts["etc"]):
        etc = _parse_flags(layer_opts["etc"], Where(m, "etc"), F.ETC_FIELDS)
    return ParsedLayer(variables, nonlinearity, etc)


def _check_dict(value, where: Where):
    if not isinstance(value, Mapping):
        c.fail(where, f"{c.show(where, value)} has type {type(value).__name__}; expected a dict "
                      f"of fields (use {{}} for all defaults).", OptionTypeError)
    for key in value:
        if not isinstance(key, str):
            c.fail(where, f"field name {key!r} is not a string.", OptionTypeError)


def _parse_variable(value, m: int, variable: str, where=None) -> dict[str, Any]:
    where = where or Where(m, variable)
    _check_dict(value, where)
    context = context_of(m, variable)
    valid = F.fields_for(context)
    parsed = {}
    for name, raw in value.items():
        fwhere = where.at(name)
        if c.is_empty(raw):
            continue  # MATLAB default.m: an empty field counts as missing (spec §7 #2)
        if name in F.IGNORED_FIELDS:
            c.warn_user(f"{fwhere}: {c.show(fwhere, raw)} is ignored: {F.IGNORED_FIELDS[name]}. "
                        "Remove it to silence this warning.", IgnoredOptionWarning)
            continue
        if name in F.INTERNAL_FIELDS:
            c.fail(fwhere, f"this field cannot be set: {F.INTERNAL_FIELDS[name]}. Remove it.")
        spec = F.FIELD_BY_NAME.get(name)
        if spec is None:
            c.fail(where, f"unknown field {name!r}.{c.suggest(name, valid)} Valid fields for "
                          f"{where.python}: {', '.join(sorted(valid, key=str.lower))}.")
        if context not in spec.defaults:  # the original ignores it here: so do we, loudly
            places = ", ".join(_context_place(k) for k in spec.contexts)
            c.warn_user(f"{fwhere}: field {name!r} is not read here (the original ignores "
                        f"it); it is only read in {places}. Move or remove it.",
                        IgnoredOptionWarning)
            continue
        parsed[name] = spec.parse(raw, fwhere)
    if "handle" in parsed:
        legacy = parsed.pop("handle")
        if "wavelet_handle" in parsed and parsed["wavelet_handle"] != legacy:
            c.fail(where, f"both 'handle'={legacy!r} and 'wavelet_handle'="
                          f"{parsed['wavelet_handle']!r} are given; 'handle' is the legacy name "
                          f"of 'wavelet_handle'. Keep only 'wavelet_handle'.")
        parsed["wavelet_handle"] = legacy
    return parsed


def _context_place(context: str) -> str:
    return {"time1": "opts[0]['time']", "time": "opts[m]['time'] (m ≥ 1)",
            "gamma": "opts[1]['gamma']", "j": "opts[1]['j']"}[context]


def _parse_nonlinearity(value, where: Where) -> dict[str, Any]:
    _check_dict(value, where)
    out = {}
    for name, raw in value.items():
        fwhere = where.at(name)
        if name not in F.NONLINEARITY_FIELDS:
            c.fail(where, f"unknown field {name!r}.{c.suggest(name, F.NONLINEARITY_FIELDS)} "
                          f"Valid fields: {', '.join(F.NONLINEARITY_FIELDS)}.")
        if c.is_empty(raw):
            continue
        if name == "denominator":
            out[name] = c.real(raw, fwhere, lo=0, lo_open=True, rule="it must be > 0")
        elif name == "handle":
            if not callable(raw):
                c.fail(fwhere, f"{c.show(fwhere, raw)} is not callable; expected a Python "
                               f"function mapping Y to U.", OptionTypeError)
            out[name] = raw
        else:
            if not isinstance(raw, str):
                c.fail(fwhere, f"{c.show(fwhere, raw)} has type {type(raw).__name__}; expected "
                               f"a name such as 'modulus'.", OptionTypeError)
            out[name] = raw
    return out


def _parse_flags(value, where: Where, table) -> dict[str, bool]:
    _check_dict(value, where)
    out = {}
    for name, raw in value.items():
        if name not in table:
            c.fail(where, f"unknown field {name!r}.{c.suggest(name, table)} Valid fields: "
                          f"{', '.join(table)}.")
        if not c.is_empty(raw):
            out[name] = c.boolean(raw, where.at(name))
    return out
