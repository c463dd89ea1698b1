"""The table of every option scatnet reads: where it is accepted, its default, its range.

One table serves validation (:mod:`scatnet.scattering_m.options.validate`) and documentation
(:mod:`scatnet.scattering_m.options.docs` writes ``doc/options.md`` from it).

Contexts (where a variable dict lives):

* ``'time1'``: ``opts[0]['time']`` (MATLAB ``opts{1}.time``), the first-order (root) bank;
* ``'time'``: ``opts[m]['time']`` for m ≥ 1 (``opts{m+1}.time``), higher orders along time;
* ``'gamma'``: ``opts[1]['gamma']`` (joint time–frequency scattering);
* ``'j'``: ``opts[1]['j']`` (spiral scattering).

MATLAB: ``architecture/setup_plans.m``, ``fill_bank_spec.m``, ``fill_bank_behavior.m``,
``fill_invariant_spec.m``, ``fill_invariant_behavior.m``, ``fill_nonlinearity.m``, ``fill_etc.m``.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from scatnet.scattering_m.options import _checks as c
from scatnet.scattering_m.options.spec import UserWavelet

CONTEXTS = ("time1", "time", "gamma", "j")
#: Order in which the banks of a layer are built (spec §1.2).
VARIABLE_ORDER = ("time", "gamma", "j")
CONTEXT_TITLES = {
    "time1": "opts[0]['time'] — first order (MATLAB opts{1}.time)",
    "time": "opts[m]['time'], m ≥ 1 — higher orders along time (MATLAB opts{m+1}.time)",
    "gamma": "opts[1]['gamma'] — joint time–frequency scattering (MATLAB opts{2}.gamma)",
    "j": "opts[1]['j'] — spiral scattering, needs opts[1]['gamma'] (MATLAB opts{2}.j)",
}
ALL = CONTEXTS
TIMES = ("time1", "time")

#: MATLAB wavelet handle names (lower-cased, without '@') → canonical name.
WAVELET_ALIASES = {
    "morlet_1d": "morlet_1d", "morlet": "morlet_1d",
    "gammatone_1d": "gammatone_1d", "gammatone": "gammatone_1d",
    "rlc_1d": "RLC_1d", "rlc": "RLC_1d",
    "finitediff_1d": "finitediff_1d", "finitediff": "finitediff_1d",
}
#: MATLAB low-pass handle names → canonical name.
LOWPASS_ALIASES = {
    "gaussian_1d": "gaussian_1d", "gaussian": "gaussian_1d",
    "gamma_1d": "gamma_1d", "gamma": "gamma_1d",
    "rectangular_1d": "rectangular_1d", "rectangular": "rectangular_1d",
}
#: (has_real_ft, has_real_ift) per built-in wavelet (spec §1.2.1).
WAVELET_REALNESS = {
    "morlet_1d": (True, False),
    "gammatone_1d": (False, False),
    "RLC_1d": (False, False),
    "finitediff_1d": (False, True),
}
#: Default low-pass of the invariant per wavelet (``default_invariant_handle.m``). RLC has
#: none in the original (crash); scatnet uses gamma_1d since RLC is causal like gammatone.
DEFAULT_LOWPASS = {
    "morlet_1d": "gaussian_1d",
    "gammatone_1d": "gamma_1d",
    "RLC_1d": "gamma_1d",
    "finitediff_1d": "rectangular_1d",
}
USER_WAVELET_LOWPASS = "gaussian_1d"
#: ``trim_threshold`` default: eps(1) in double precision.
EPS = 2.220446049250313e-16


# ---------------------------------------------------------------------------------------------
# parsers


def _wavelet(value, where):
    if isinstance(value, UserWavelet):
        return value
    if isinstance(value, str):
        return c.handle_name(value, where, WAVELET_ALIASES, "wavelet")
    if callable(value):
        return UserWavelet(value, name=getattr(value, "__name__", repr(value)))
    c.fail(where, f"{c.show(where, value)} has type {type(value).__name__}; expected a wavelet "
                  f"name such as 'morlet_1d' or a Python callable.", c.OptionTypeError)


def _lowpass(value, where):
    if isinstance(value, str):
        return c.handle_name(value, where, LOWPASS_ALIASES, "low-pass")
    if callable(value):
        c.fail(where, f"{c.show(where, value)}: custom low-pass callables are not supported yet; "
                      f"use one of 'gaussian_1d', 'gamma_1d', 'rectangular_1d'.",
               c.OptionTypeError)
    c.fail(where, f"{c.show(where, value)} has type {type(value).__name__}; expected one of "
                  f"'gaussian_1d', 'gamma_1d', 'rectangular_1d'.", c.OptionTypeError)


def _pow2(value, where):
    return c.power_of_two(value, where, lo=2, rule="it must be a power of two ≥ 2")


def _gamma_bounds(value, where):
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(np.asarray(value, dtype=object).ravel()) if isinstance(value, np.ndarray) \
            else list(value)
    else:
        items = [value]
    if len(items) not in (1, 2):
        c.fail(where, f"{c.show(where, value)} has {len(items)} entries; give one γ index g "
                      f"(meaning [g, g]) or a pair [first, last].")
    rule = "γ bounds are 1-based filter indices: integers with 1 ≤ first ≤ last (last may be inf)"
    first = c.real(items[0], where, hi=math.inf, hi_open=True, allow_inf=True, rule=rule)
    if not math.isinf(first):
        first = c.integer(items[0], where, rule=rule)
    last = first
    if len(items) == 2:
        last = c.real(items[1], where, lo=-math.inf, lo_open=True, allow_inf=True, rule=rule)
        if not math.isinf(last):
            last = c.integer(items[1], where, rule=rule)
    if last < 1:
        c.fail(where, f"{c.show(where, value)} selects no wavelet; {rule}.")
    if first < 1:
        # the original's scatter operators read max(gamma_bounds(1), 1): 0 (or less) is 1
        shown = list(items) if len(items) == 2 else items[0]
        c.warn_user(f"{where}: {c.show(where, shown)} starts below 1; γ indices start at 1, so "
                    f"the first bound is clamped to 1, as the original does "
                    f"(max(gamma_bounds(1), 1) in its scatter operators). Give a first bound "
                    f"≥ 1 to silence this warning.", c.EnforcedOptionWarning)
        first = 1
    if last < first:
        c.fail(where, f"{c.show(where, value)} is decreasing; {rule}.")
    return (float(first), float(last))


def _sibling_mask_factor(value, where):
    x = c.real(value, where, lo=1, rule="it must be a power of two ≥ 1 (1, 2, 4, ...)")
    if x != 2.0 ** round(math.log2(x)):
        c.fail(where, f"{c.show(where, value)} is not a power of two; the original toolbox crashes "
                      f"on such factors (resampling by a non-integer log2). Use 1, 2, 4, ...")
    return x


def _positive_real(value, where):
    return c.real(value, where, lo=0, lo_open=True, rule="it must be > 0")


def _oversampling(value, where):
    rule = "it must be an integer ≥ 0 (log2 of a rate factor), or inf (never subsample)"
    if math.isinf(c.real(value, where, lo=0, allow_inf=True, rule=rule)):
        return math.inf  # the original's Inf: min(… + Inf, 0) = 0, full rate (resolve.py)
    return c.integer(value, where, lo=0, rule=rule)


def _size(value, where):
    return c.integer(value, where, lo=2, rule="it must be an integer ≥ 2 (a power of two; "
                                              "opts[0]['time']['size'] may be any length, padded "
                                              "to the next power of two)")


def _subscripts(value, where):
    items = list(np.asarray(value, dtype=object).ravel()) if isinstance(
        value, (list, tuple, np.ndarray)) else [value]
    rule = "subscripts are 1-based tensor axes (MATLAB bookkeeping)"
    return tuple(c.integer(v, where, lo=1, rule=rule) for v in items)


def _choices(*allowed):
    return lambda value, where: c.choice(value, where, allowed)


@dataclass(frozen=True)
class OptionField:
    """One option: where it is accepted, its default per context, its range and meaning."""

    name: str
    defaults: Mapping[str, str]  #: context → default text (a context absent = not accepted)
    allowed: str  #: type and range, in words
    meaning: str  #: what the field does in the original (MATLAB)
    parse: Callable  #: parse(value, where) -> normalised value
    enforced: Mapping[str, str] = field(default_factory=dict)  #: context → derivation rule
    note: str = ""

    @property
    def contexts(self):
        return tuple(k for k in CONTEXTS if k in self.defaults)


def _all(text):
    return {k: text for k in ALL}


def _f(name, defaults, allowed, meaning, parse, enforced=None, note=""):
    return OptionField(name, defaults, allowed, meaning, parse, enforced or {}, note)


_bool = c.boolean
_J = {"time1": "log2(T)", "time": "log2(T)", "gamma": "log2(T)",
      "j": "log2(T) (finitediff_1d: 2)"}
_NOCTAVES = "min(J1, ceil((last − first + 1)/nfo1)) with the layer-0 gamma_bounds"
_REAL_FT = "the bank's has_real_ft"
_T = "power of two ≥ 2"

FIELDS = (
    # --- filter-bank spec (fill_bank_spec.m) ----------------------------------------------
    _f("wavelet_handle",
       {"time1": "'morlet_1d'", "time": "'gammatone_1d'", "gamma": "'morlet_1d'",
        "j": "'finitediff_1d'"},
       "'morlet_1d', 'gammatone_1d', 'RLC_1d', 'finitediff_1d' (also '@morlet_1d', 'morlet', "
       "'rlc', ...) or a Python callable (user wavelet)",
       "wavelet family of the bank (MATLAB function handle)", _wavelet),
    _f("handle", _all("—"), "as wavelet_handle", "legacy alias of wavelet_handle", _wavelet),
    _f("T", {"time1": "size/4 if size is given; required otherwise",
             "time": "T of the previous layer's time bank",
             "gamma": "2^nextpow2(nFilters_per_octave of layer 0)",
             "j": "4 (finitediff_1d: 2)"},
       _T, "averaging scale in samples (of the variable); J = log2(T) octaves of wavelets",
       _pow2, {"j": "2 for finitediff_1d"}),
    _f("J", _J, "integer", "number of octaves",
       lambda v, w: c.integer(v, w, rule="J is an integer"), _J),
    _f("max_Q", _all("nFilters_per_octave if given, else 1"), "number ≥ 1",
       "maximal quality factor Q (constant-Q region)",
       lambda v, w: c.real(v, w, lo=1, rule="it must be a number ≥ 1"),
       {"j": "1 for finitediff_1d"}),
    _f("nFilters_per_octave", _all("max_Q if given, else 1"), "integer ≥ 1",
       "wavelets per octave (nfo)",
       lambda v, w: c.integer(v, w, lo=1, rule="it must be an integer ≥ 1"),
       {"j": "1 for finitediff_1d"}),
    _f("max_scale", _all("T"), "number > 0, or inf (strictly constant Q)",
       "largest wavelet scale in samples: below the elbow Q decreases (constant bandwidth)",
       lambda v, w: c.real(v, w, lo=0, lo_open=True, allow_inf=True, rule="it must be > 0")),
    _f("size", {"time1": "8·T if max_scale is inf, else 4·max(T, max_scale)",
                "time": "size of the layer-0 time bank", "gamma": "2^nextpow2(J1·nfo1 + T)",
                "j": "2^nextpow2(nOctaves + T)"},
       "power of two ≥ T (opts[0]['time']: any integer, padded to the next power of two with "
       "a warning)", "FFT length N of the bank (= chunk length at layer 0)", _size,
       {"time": "size of the layer-0 time bank", "gamma": "2^nextpow2(J1·nfo1 + T)",
        "j": "2^nextpow2(nOctaves + T)"}),
    _f("is_spinned", {"time1": "False", "time": "False", "gamma": "True",
                      "j": "True (finitediff_1d: False)"},
       "bool", "also keep the mirrored (negative-frequency) copy of each wavelet", _bool,
       {"gamma": "True", "j": "False for finitediff_1d, True for gammatone_1d/RLC_1d"}),
    _f("cutoff_in_dB", _all("3"), "number > 0", "level (dB) at which adjacent wavelets cross",
       _positive_real),
    _f("has_duals", _all("True if duality is given, else False"), "bool",
       "also build dual filters (for reconstruction)", _bool),
    _f("duality", _all("'hermitian'"), "'hermitian', 'pseudo-inverse'",
       "kind of dual filters; giving it turns has_duals on", _choices("hermitian",
                                                                       "pseudo-inverse")),
    _f("has_multiple_support", {"time1": "False", "time": "False", "gamma": "True",
                                "j": "True"},
       "bool", "also store decimated copies of the filters (one per support length)", _bool,
       {"gamma": "True", "j": "True"}),
    _f("periodization_extent", _all("1"), "integer ≥ 0",
       "wavelets are built on (1+P)·N samples and folded to N",
       lambda v, w: c.integer(v, w, lo=0, rule="it must be an integer ≥ 0")),
    _f("is_double_precision", _all("True"), "bool", "precision flag (unused by the original)",
       _bool, _all("True")),
    _f("mother_xi", _all("1/(1+2^(1/nFilters_per_octave))"), "number in (0, 0.5)",
       "centre frequency of the first (highest) wavelet, in cycles per sample",
       lambda v, w: c.real(v, w, lo=0, lo_open=True, hi=0.5, hi_open=True,
                           rule="it must lie strictly between 0 and 0.5 (Nyquist)")),
    _f("phi_bw_multiplier", _all("2"), "number > 0",
       "width of the low-pass relative to T (also used by the layer's invariant)",
       _positive_real),
    _f("trim_threshold", _all("eps = 2.22e-16"), "finite number (≤ 0 disables trimming)",
       "spectra are trimmed where |ψ̂|² ≤ threshold (also used by the layer's invariant)",
       lambda v, w: c.real(v, w, rule="it must be a finite number")),
    _f("is_domain_ft", _all("True"), "bool", "keep Fourier-domain filters (storage only)",
       _bool, _all("True")),
    _f("is_domain_ift", _all("False"), "bool", "keep time-domain filters (storage only)",
       _bool, _all("False")),
    _f("gammatone_order", _all("4"), "integer ≥ 2", "order n of the gammatone (gammatone_1d only)",
       lambda v, w: c.integer(v, w, lo=2, rule="it must be an integer ≥ 2"),
       _all("4 unless the wavelet is gammatone_1d (only read there)")),
    _f("is_ift_flipped", {"time1": "False", "time": "False", "gamma": "False",
                          "j": "True for gammatone_1d/RLC_1d, else False"},
       "bool", "time-reverse (and conjugate) wavelets with a complex spectrum", _bool,
       _all("False for morlet_1d (real spectrum: only read for complex ones)")),
    # --- bank behaviour (fill_bank_behavior.m) ------------------------------------------
    _f("is_U_blurred", {"time1": "False", "time": "False", "gamma": "True", "j": "True"},
       "bool", "also produce the low-passed (φ) route of this bank", _bool,
       {"time": "False"}),
    _f("is_U_bypassed", _all("False"), "bool", "also pass the input through unchanged", _bool),
    _f("is_U_scattered", _all("True"), "bool", "produce the wavelet (ψ) route", _bool),
    _f("U_log2_oversampling", _all("1"), "integer ≥ 0, or inf (never subsample)",
       "extra log2 rate of wavelet outputs", _oversampling),
    _f("S_log2_oversampling", _all("0"), "integer ≥ 0, or inf (never subsample: S at full rate)",
       "extra log2 rate of the low-pass outputs (time: also the layer's invariant, i.e. S)",
       _oversampling),
    _f("gamma_bounds", _all("[1, inf]"),
       "g (meaning [g, g]) or [first, last]: integers, first ≤ last, last may be inf; a first "
       "bound below 1 is clamped to 1 (with a warning), as in the original",
       "1-based range of the wavelets γ of this bank that are computed", _gamma_bounds),
    _f("sibling_mask_factor", _all("1"), "power of two ≥ 1",
       "path pruning: keep γ1 under γ2 only if res(γ2) < factor·bandwidth(γ1)",
       _sibling_mask_factor, note="other values crash the original, spec §7 #19"),
    _f("padding", _all("'periodic'"), "'periodic', 'symmetric', 'zero'",
       "boundary handling (no effect in the original, spec §3.2)",
       _choices("periodic", "symmetric", "zero")),
    _f("subscripts", {"time1": "1 (computed)", "time": "1 (computed)",
                      "gamma": "computed: 2 (the γ1 axis of the layer's tensors)",
                      "j": "computed: 3 (the octave axis)"},
       "the computed value only", "tensor axis the bank filters (MATLAB bookkeeping)",
       _subscripts, note="accepted when equal to the computed value, refused otherwise"),
    _f("is_sibling_padded", _all("False"), "bool", "unused by the original", _bool),
    _f("is_parallel", _all("False"), "bool", "unused by the original", _bool),
    # --- input / chunking (layer 0 time only; setup_plans.m) ----------------------------
    _f("is_chunked", {"time1": "True"}, "bool",
       "cut long signals into overlapping chunks of length size", _bool),
    _f("windowing", {"time1": "'tukey' if is_chunked, else 'none'"}, "'tukey', 'hann', 'none'",
       "window applied to chunks", _choices("tukey", "hann", "none"),
       {"time1": "'none' when is_chunked is False"}),
    _f("is_unchunked", {"time1": "True"}, "bool", "sc_propagate unchunks S", _bool),
    _f("max_minibatch_size", {"time1": "64"}, "integer ≥ 1",
       "chunks per mini-batch (chunked input, one output)",
       lambda v, w: c.integer(v, w, lo=1, rule="it must be an integer ≥ 1")),
    # --- invariant (fill_invariant_spec.m / fill_invariant_behavior.m) ------------------
    _f("invariance", {"time1": "'blurred'", "time": "'blurred'", "gamma": "'bypassed'",
                      "j": "'bypassed'"},
       "'blurred', 'summed', 'maxpooled', 'bypassed'",
       "how the layer's invariant makes S (gamma/j: ignored, spec §7 #16)",
       _choices("blurred", "summed", "maxpooled", "bypassed")),
    _f("invariant_handle", {"time1": "from the wavelet", "time": "from the wavelet"},
       "'gaussian_1d', 'gamma_1d', 'rectangular_1d' (also '@gaussian_1d', 'gaussian', ...)",
       "low-pass φ of the invariant; default morlet→gaussian_1d, gammatone→gamma_1d, "
       "finitediff→rectangular_1d, RLC→gamma_1d, callable→gaussian_1d", _lowpass),
    _f("is_S_invariant", {"time1": "True", "time": "True"}, "bool",
       "apply the invariant to produce S", _bool),
    _f("is_S_bypassed", {"time1": "False", "time": "False"}, "bool",
       "also output the un-averaged input as S", _bool),
    _f("has_real_ft", {"time1": _REAL_FT, "time": _REAL_FT}, "bool",
       "keep only the real part of φ̂ (invariant)", _bool, {"time1": _REAL_FT, "time": _REAL_FT}),
    # --- spiral ---------------------------------------------------------------------------
    _f("nOctaves", {"j": _NOCTAVES}, "integer ≥ 1",
       "number of octaves along which the j wavelets act",
       lambda v, w: c.integer(v, w, lo=1, rule="it must be an integer ≥ 1"), {"j": _NOCTAVES}),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}

#: Fields the original sets itself; giving them is refused with this explanation.
INTERNAL_FIELDS = {
    name: "it is internal bookkeeping computed by the toolbox (tensor axes, keys)"
    for name in ("dimension", "output_dimension", "key", "name", "colons",
                 "spiral", "nThetas", "gamma_padding_length")
}

#: Fields the original accepts and never reads (it ignores every field it does not know):
#: accepted and ignored, with an ``IgnoredOptionWarning`` giving the reason.
IGNORED_FIELDS = {
    "phi": "the original never reads it: a bank's low-pass φ is made by the bank itself "
           "(gaussian_1d for Morlet, gamma_1d for gammatone) and the layer's invariant by "
           "invariant_handle, T and phi_bw_multiplier; set those instead",
    "U": "the original never reads a nested U struct from the options (fill_bank_behavior.m "
         "builds behavior.U from U_log2_oversampling, is_U_blurred, is_U_bypassed and "
         "is_U_scattered); set those fields instead",
    "S": "the original never reads a nested S struct from the options (it builds "
         "behavior.S from S_log2_oversampling, is_S_invariant and is_S_bypassed); set those "
         "fields instead",
    "is_phi_gaussian": "a field of older versions of the toolbox that this version never "
                       "reads (the low-pass comes from invariant_handle)",
    "is_windowed": "a field of older versions of the toolbox that this version never reads "
                   "(chunks are windowed as 'windowing' says)",
}

#: Keys a layer dict may hold, with their meaning.
LAYER_KEYS = {
    "time": "wavelets along time (required in every layer)",
    "gamma": "wavelets along log-frequency γ1 (joint scattering; opts[1] only)",
    "j": "wavelets along octaves (spiral scattering; opts[1] only, needs 'gamma')",
    "nonlinearity": "maps Y to U (default: modulus)",
    "etc": "user-interface flags (opts[0] only)",
    "banks": "custom path (spec §1.2.9): per-variable banks, {'time': {...}}",
    "invariants": "custom path (spec §1.2.9): per-variable invariants, {'time': {...}, "
                  "'gamma': {...}}",
}
#: Keys the original knows but scatnet refuses, with the reason.
REFUSED_LAYER_KEYS = {
    "theta": "the 'theta' variable is unusable in the original (no case in setup_plans.m); "
             "use 'time', 'gamma' or 'j'",
    "space": "2-D (image) scattering is not implemented in the original ('2d wavelets not "
             "ready'); use 'time'",
}

NONLINEARITY_NAMES = ("modulus", "uniform_log", "adapted_log", "custom")
NONLINEARITY_FIELDS = {
    "name": (("'modulus' (or 'uniform_log' if denominator is given, 'custom' if handle is "
              "given)"), "'modulus', 'uniform_log', 'custom' ('adapted_log' is refused)"),
    "denominator": ("1.0", "number > 0 (uniform_log: U = log1p(|Y|·n/denominator)/n)"),
    "handle": ("—", "Python callable Y → U (name 'custom')"),
}
ETC_FIELDS = {
    "is_waitbar_shown": ("False", "bool"),
    "is_waitbar_docked": ("False", "bool"),
}


def fields_for(context: str):
    """List the names of the fields accepted in one place of ``opts``.

    MATLAB: the fields of ``opts{m}.<variable>`` read by ``setup_plans.m`` and ``fill_*.m``.

    Parameters
    ----------
    context : {'time1', 'time', 'gamma', 'j'}
        ``'time1'`` is ``opts[0]['time']``; ``'time'`` is ``opts[m]['time']`` for m ≥ 1;
        ``'gamma'``/``'j'`` are ``opts[1]['gamma']``/``opts[1]['j']``.

    Returns
    -------
    tuple of str
        Field names in table order.

    Raises
    ------
    KeyError
        ``context`` is not one of the four contexts.

    Examples
    --------
    >>> 'is_chunked' in fields_for('time1'), 'is_chunked' in fields_for('time')
    (True, False)
    """
    if context not in CONTEXTS:
        raise KeyError(f"context={context!r}; expected one of {CONTEXTS}")
    return tuple(f.name for f in FIELDS if context in f.defaults)
