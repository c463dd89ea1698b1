"""Values and functions that ScatNet option scripts add to the MATLAB subset of ``_values``.

The additions to :mod:`scatnet.matlab._values`: ``default_filter_options``, ``T_to_J``, and
the results of the calls that *run* the transform (``wavelet_factory_1d``, ``scat``,
``renorm_scat``, …), which :func:`scatnet.matlab.scatnet_from_matlab` records instead of
evaluating; and what it returns, :class:`ScatnetScript`.

MATLAB: ``filters/default_filter_options.m``, ``filters/T_to_J.m`` (evaluated with scatnet's
port, :mod:`scatnet.scatnet_1d.options`), ``core/wavelet_factory_1d.m``, ``core/scat.m`` and
``scatutils/*.m`` (recorded).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from scatnet._errors import OptionError, OptionTypeError
from scatnet.matlab._values import (
    FUNCTIONS,
    SignalRef,
    ValueError_,
    call_function,
    describe,
    from_python,
    scalar,
    to_python,
)
from scatnet.scatnet_1d import post as post_functions
from scatnet.scatnet_1d import scat, wavelet_factory_1d
from scatnet.scatnet_1d.options import T_to_J, default_filter_options

__all__ = [
    "FACTORY",
    "POST_FUNCTIONS",
    "RUN_FUNCTIONS",
    "SCATNET_FUNCTIONS",
    "TRANSFORM",
    "Operators",
    "PostCall",
    "ScatOutput",
    "ScatnetScript",
    "call_scatnet_function",
]

#: The factory call whose arguments are the options: ``[Wop, filters] = wavelet_factory_1d(N,
#: filt_opt, scat_opt)``.
FACTORY = "wavelet_factory_1d"
#: The transform: ``S = scat(x, Wop)`` or ``[S, U] = scat(x, Wop)``.
TRANSFORM = "scat"
#: Post-processing of ``S`` (first argument) recorded in order: name → (min, max) number of
#: arguments, ``S`` included, as the MATLAB functions of ``scatutils/``.
POST_FUNCTIONS = {"renorm_scat": (1, 3), "log_scat": (1, 2), "format_scat": (1, 2),
                  "flatten_scat": (1, 1), "average_scat": (2, 4), "resample_scat": (2, 3)}
RUN_FUNCTIONS = (FACTORY, TRANSFORM) + tuple(POST_FUNCTIONS)

#: Functions evaluated in ScatNet scripts: scattering.m's subset (without its
#: ``default_auditory``) plus ScatNet's option helpers.
SCATNET_FUNCTIONS = {**{k: v for k, v in FUNCTIONS.items() if k != "default_auditory"},
                     "default_filter_options": (2, 2), "T_to_J": (2, 2)}


class PostCall(NamedTuple):
    """One post-processing call of the script, e.g. ``log_scat(S, 2^-20)``.

    Attributes
    ----------
    name : str
        The MATLAB (and scatnet) function: one of ``renorm_scat``, ``log_scat``,
        ``format_scat``, ``flatten_scat``, ``average_scat``, ``resample_scat``.
    args : tuple
        The arguments after ``S``, as Python values (``2^-20`` → ``9.5367431640625e-07``,
        ``'table'`` → ``'table'``, ``@hanning`` → ``'@hanning'``); ``()`` when only ``S`` is passed.
    """

    name: str
    args: tuple = ()


@dataclass(frozen=True)
class Operators:
    """What ``Wop = wavelet_factory_1d(…)`` leaves in the workspace (only ``scat`` takes it)."""

    line: int


@dataclass(frozen=True)
class ScatOutput:
    """A scattering of the script (``scat(x, Wop)``, or an ``S`` it never computes) after ``calls``.

    ``calls`` are the post-processing calls applied so far; ``is_table`` is set after
    ``format_scat``, whose table no other post-processing function takes.
    """

    calls: tuple = ()
    is_table: bool = False

    def then(self, call: PostCall) -> ScatOutput:
        """Record one more post-processing call applied to this output.

        Parameters
        ----------
        call : PostCall
            The call applied.

        Returns
        -------
        ScatOutput
            A new output whose ``calls`` end with ``call``; a table if ``call`` is
            ``format_scat``.
        """
        return ScatOutput(self.calls + (call,), call.name == "format_scat")


class ScatnetScript(NamedTuple):
    """What a ScatNet script sets up: the options, the signal length and the post-processing.

    A named tuple: ``filt_opt, scat_opt, N, post = scatnet_from_matlab(text)`` unpacks it.

    Attributes
    ----------
    filt_opt : dict
        The filter options passed to ``wavelet_factory_1d`` (or the variable ``filt_opt`` when
        the text never calls it; ``{}`` when it calls ``wavelet_factory_1d(N)`` alone), as
        :func:`scatnet.wavelet_factory_1d` takes them: numbers as ``int`` where integral,
        vectors as lists (``Q = [8 1]`` → ``[8, 1]``), cells of strings as lists of ``str``.
    scat_opt : dict
        The scattering options (``{}`` when not given, i.e. ScatNet's defaults).
    N : int or None
        The signal length given to ``wavelet_factory_1d``; None when the text never calls it.
    post : tuple of PostCall
        The post-processing applied, in order, to the scattering of the last run line
        (``log_scat(renorm_scat(S))`` → ``renorm_scat``, then ``log_scat``); ``()`` if none.
    """

    filt_opt: dict
    scat_opt: dict
    N: int | None
    post: tuple = ()

    def run(self, x, *, return_U=False):
        """Rebuild the script's pipeline in scatnet and run it on ``x``.

        MATLAB: ``Wop = wavelet_factory_1d(N, filt_opt, scat_opt); S = scat(x, Wop);`` then
        the calls of :attr:`post` in order.

        Parameters
        ----------
        x : array_like, shape (n,) or (K, n)
            The signal(s), time last (MATLAB's ``n × 1 × K``).
        return_U : bool
            Also return ``U`` of :func:`scatnet.scat` (untouched by the post-processing).

        Returns
        -------
        ScatResult, or tuple
            ``S`` after :attr:`post`: a :class:`~scatnet.scatnet_1d.ScatResult`, or
            ``(table, meta)`` when the last call is ``format_scat`` (Python layout
            ``(*batch, P, T)``); ``(S, U)`` with ``return_U``.

        Raises
        ------
        OptionError
            A post-processing argument is a MATLAB function handle (``@hanning``), which has
            no Python value: call that function yourself.
        """
        for call in self.post:
            handles = [a for a in call.args if isinstance(a, str) and a.startswith("@")]
            if handles:
                raise OptionError(f"ScatnetScript.run: {call.name}(S, …, {handles[0]}) takes a "
                                  "MATLAB function handle, which has no Python value; run the "
                                  "steps yourself and pass the Python function")
        N = self.N if self.N is not None else int(np.shape(x)[-1])
        Wop, _ = wavelet_factory_1d(N, self.filt_opt, self.scat_opt)
        out = scat(x, Wop, return_U=return_U)
        S, U = out if return_U else (out, None)
        for call in self.post:
            S = getattr(post_functions, call.name)(S, *call.args)
        return (S, U) if return_U else S


def _python_options(value, what):
    """A struct argument (``filt_opt``) as the Python dict of :mod:`scatnet.scatnet_1d`."""
    if not isinstance(value, dict):
        raise ValueError_(f"{what} must be a struct (e.g. filt_opt); got a {describe(value)}")
    return to_python(value)


def _matlab_value(key, value):
    """A value returned by scatnet's port (ndarray, int, float, dict) as a MATLAB value."""
    if isinstance(value, dict):
        return {k: _matlab_value(k, v) for k, v in value.items()}
    return from_python(key, value)


def _as_number(value):
    return int(value) if math.isfinite(value) and value == round(value) else value


def _default_filter_options(args):
    kind, size = args
    if not isinstance(kind, str):
        raise ValueError_(f"the first argument of default_filter_options is the kind of signal, "
                          f"'audio' or 'dyadic'; got a {describe(kind)}")
    return default_filter_options(kind, _as_number(scalar(size, "the averaging size T")))


def _t_to_j(args):
    T, filt_opt = args
    if isinstance(T, (str, dict)):
        raise ValueError_(f"the first argument of T_to_J is the averaging size T (samples); got a "
                          f"{describe(T)}")
    return T_to_J(to_python(T), _python_options(filt_opt, "the second argument of T_to_J"))


def call_scatnet_function(name, args, signal_length):
    """Evaluate a function of :data:`SCATNET_FUNCTIONS` (ScatNet's through scatnet's port).

    Parameters
    ----------
    name : str
        A key of :data:`SCATNET_FUNCTIONS`.
    args : list
        The evaluated arguments (values of the MATLAB subset).
    signal_length : int or None
        The number of samples of the user's signal (for ``length`` and ``size``), if known.

    Returns
    -------
    object
        The result as a value of the MATLAB subset; ``default_filter_options`` and
        ``T_to_J`` are evaluated with :mod:`scatnet.scatnet_1d.options` and their results
        converted (dict → struct, numbers → doubles or vectors).

    Raises
    ------
    ValueError_
        If the number or the types of the arguments are wrong, an argument is an undefined
        variable, or scatnet's port rejects the options.
    """
    if name not in ("default_filter_options", "T_to_J"):
        return call_function(name, args, signal_length)
    lo, hi = SCATNET_FUNCTIONS[name]
    if not lo <= len(args) <= hi:
        raise ValueError_(f"{name} takes {lo} arguments; got {len(args)}")
    ref = next((a for a in args if isinstance(a, SignalRef)), None)
    if ref is not None:
        raise ValueError_(f"{ref.name} is not defined (assign it earlier in the text, or pass "
                          f"variables={{'{ref.name}': …}})")
    try:
        value = _default_filter_options(args) if name == "default_filter_options" \
            else _t_to_j(args)
    except (OptionError, OptionTypeError) as e:
        raise ValueError_(str(e)) from None
    return _matlab_value(name, value)
