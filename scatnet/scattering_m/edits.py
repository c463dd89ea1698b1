"""Edits of an architecture after ``sc_setup``: MATLAB's ``archs{m}.banks{b}.behavior.… = v``.

Scripts of scattering.m change a few behaviour fields of the architecture after building it
(``archs{1}.banks{1}.behavior.U.is_blurred = false;``,
``archs{2}.banks{1}.behavior.S.log2_oversampling = 2;``). Each such field is an option of the
per-variable path (``is_U_blurred``, ``S_log2_oversampling``, …), so an edit is the same
``sc_setup`` with that option set: :func:`with_behavior` returns that new, validated
architecture; the original is unchanged.

MATLAB: the ``behavior`` structs filled by ``architecture/fill_bank_behavior.m`` and
``fill_invariant_behavior.m``, read by ``sc_propagate``.
"""
from __future__ import annotations

import copy
import warnings

from .._errors import OptionError, OptionTypeError

__all__ = ["BANK_FIELDS", "INPUT_FIELDS", "INVARIANT_FIELDS", "MATLAB_BEHAVIOR_PATHS",
           "with_behavior"]

#: Bank behaviour fields an edit may set (option name = attribute of ``BankBehavior``).
BANK_FIELDS = ("is_U_blurred", "is_U_bypassed", "is_U_scattered", "U_log2_oversampling",
               "S_log2_oversampling", "gamma_bounds", "sibling_mask_factor")
#: Invariant behaviour fields (attribute of ``InvariantSpec``); time variable only.
INVARIANT_FIELDS = ("S_log2_oversampling", "is_S_invariant", "is_S_bypassed")
#: Fields of how the signal enters the first layer (``InputSpec``); layer 0, time only.
INPUT_FIELDS = ("is_unchunked",)

#: MATLAB path under ``behavior`` → option name, for banks and for invariants.
MATLAB_BEHAVIOR_PATHS = {
    "banks": {"U.is_blurred": "is_U_blurred", "U.is_bypassed": "is_U_bypassed",
              "U.is_scattered": "is_U_scattered", "U.log2_oversampling": "U_log2_oversampling",
              "S.log2_oversampling": "S_log2_oversampling", "gamma_bounds": "gamma_bounds",
              "sibling_mask_factor": "sibling_mask_factor", "is_unchunked": "is_unchunked"},
    "invariants": {"S.log2_oversampling": "S_log2_oversampling",
                   "S.is_invariant": "is_S_invariant", "S.is_bypassed": "is_S_bypassed"},
}


def _where(layer, variable, field):
    return f"archs[{layer}] {variable} {field} (MATLAB archs{{{layer + 1}}})"


def _normalised(field, value):
    """The value as the resolved plan stores it, to check that the edit took effect."""
    if field == "gamma_bounds":
        bounds = list(value) if isinstance(value, (list, tuple)) else [value, value]
        return tuple(max(float(b), 1.0) for b in bounds)
    if isinstance(value, bool) or field.startswith("is_"):
        return bool(value)
    return float(value)


def _applied(plan, layer, variable, field):
    """The value of an edited field in a resolved plan."""
    if field in INPUT_FIELDS:
        return plan.input.is_unchunked
    lp = plan.layers[layer]
    if variable == "time" and field in INVARIANT_FIELDS and field not in BANK_FIELDS:
        return getattr(lp.invariant, field)
    bank = next(b for b in lp.banks if b.variable == variable)
    return getattr(bank.behavior, field)


def _check_request(archs, layer, variable, field):
    n = len(archs)
    if not isinstance(layer, int) or not 0 <= layer < n:
        raise OptionError(f"with_behavior: layer={layer!r} is not an index of archs (0 … "
                          f"{n - 1}; archs[m] is MATLAB's archs{{m+1}})")
    if layer == n - 1:
        raise OptionError(
            f"with_behavior: archs[{layer}] (MATLAB archs{{{layer + 1}}}) is the final invariant, "
            f"which scatnet derives from archs[{layer - 1}]; edit layer={layer - 1} instead "
            "(its S_log2_oversampling, is_S_invariant and is_S_bypassed apply to both)")
    variables = [p.variable for p in archs.plan.layers[layer].banks]
    if variable not in variables:
        raise OptionError(f"with_behavior: archs[{layer}] has no {variable!r} bank; it has "
                          f"{variables}")
    allowed = BANK_FIELDS + (INVARIANT_FIELDS if variable == "time" else ()) \
        + (INPUT_FIELDS if (layer, variable) == (0, "time") else ())
    if field not in allowed:
        raise OptionError(f"with_behavior: {field!r} cannot be edited on archs[{layer}] "
                          f"{variable}; the behaviour fields are {sorted(set(allowed))}")


def with_behavior(archs, layer, variable="time", **fields):
    """Return a new architecture with behaviour fields of one bank (or invariant) changed.

    MATLAB: ``archs{layer+1}.banks{b}.behavior.<path> = value;`` (and
    ``archs{layer+1}.invariants{1}.behavior.S.<field>``) written after ``archs = sc_setup(opts)``.

    The edit is made where the original reads it, in the options: the result is
    ``sc_setup(opts)`` with ``opts[layer][variable][field] = value``, validated as any option.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup` (which keeps its ``opts``); it is not modified.
    layer : int
        0-based index of ``archs`` (``archs[m]`` is MATLAB's ``archs{m+1}``), below the final
        invariant-only entry.
    variable : {'time', 'gamma', 'j'}, default 'time'
        The bank (MATLAB ``banks{1}``, ``banks{2}``, ``banks{3}`` in that order).
    **fields
        Option names and values: ``is_U_blurred``, ``is_U_bypassed``, ``is_U_scattered``,
        ``U_log2_oversampling``, ``S_log2_oversampling``, ``gamma_bounds``,
        ``sibling_mask_factor``; on the time variable also ``is_S_invariant``, ``is_S_bypassed``;
        on layer 0 also ``is_unchunked``. :data:`MATLAB_BEHAVIOR_PATHS` maps MATLAB's
        ``behavior`` paths (``U.is_blurred``) to these names.

    Returns
    -------
    Architecture
        A new architecture; its ``opts`` hold the edit.

    Raises
    ------
    OptionError, OptionTypeError
        A layer, variable or field that cannot be edited, an invalid value (the option's own
        message), or an edit that the engine cannot execute as asked, e.g.
        ``is_U_blurred=True`` on an upper time bank (the original forces it off there too);
        the message says what to set instead.
    InputTypeError
        ``archs`` is not an architecture.

    Examples
    --------
    >>> from scatnet import sc_setup
    >>> archs = sc_setup([{'time': {'size': 4096, 'T': 256, 'is_chunked': False}}, {'time': {}}])
    >>> edited = archs.with_behavior(1, S_log2_oversampling=2)   # archs{2}.banks{1}.behavior.S…
    >>> edited.plan.layers[1].invariant.S_log2_oversampling, archs.plan.layers[1].invariant.S_log2_oversampling
    (2, 0)
    """
    from .architecture import check_archs, sc_setup

    check_archs(archs, "with_behavior")
    opts = getattr(archs, "opts", None)
    if opts is None:
        raise OptionError("with_behavior: this architecture does not keep the options it was "
                          "built from; build it with scatnet.sc_setup(opts), or set the field "
                          "in opts and call sc_setup again")
    if not fields:
        return archs
    new_opts = copy.deepcopy(list(opts))
    for field, value in fields.items():
        _check_request(archs, layer, variable, field)
        new_opts[layer].setdefault(variable, {})[field] = value
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        new = sc_setup(new_opts)
    for field, value in fields.items():
        got = _applied(new.plan, layer, variable, field)
        try:
            wanted = _normalised(field, value)
        except (TypeError, ValueError) as e:  # pragma: no cover - the options refuse it first
            raise OptionTypeError(f"{_where(layer, variable, field)}: {value!r} is not valid") from e
        if (tuple(map(float, got)) if isinstance(got, tuple) else got) != wanted:
            why = "; ".join(str(w.message) for w in caught if field in str(w.message))
            raise OptionError(
                f"{_where(layer, variable, field)}: {field}={value!r} cannot be executed: the "
                f"architecture uses {got!r}" + (f" ({why})" if why else "")
                + ". Leave this field at its value, or change the options the original derives "
                  "it from (doc/options.md)")
    for w in caught:  # the other warnings of the new set-up, at the caller's line
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return new
