"""``sc_setup``: options → architecture (banks, invariants, nonlinearities) (spec §1.3).

MATLAB: scattering.m ``lib/export/sc_setup.m``.
"""
import copy
from collections.abc import Mapping
from dataclasses import dataclass

from .._errors import InputTypeError
from .chunking import check_chunk_frames
from .filterbank import FilterBank, Invariant, setup_bank, setup_invariant
from .filterbank.checks import check_bank_memory, warn_littlewood_paley_holes
from .options import resolve_options
from .options.spec import BankPlan, InvariantSpec, NonlinearitySpec, Plan
from .walk import plan_walk


@dataclass(frozen=True, eq=False)
class ArchLayer:
    """One ``archs{m}`` entry: banks, invariant and nonlinearity of one layer.

    The banks filter ``U_{m-1}``, the invariant makes ``S_{m-1}`` and the nonlinearity makes
    ``U_m``. The last entry has no banks.
    """

    banks: tuple[FilterBank, ...]
    bank_plans: tuple[BankPlan, ...]
    invariant: Invariant
    invariant_spec: InvariantSpec  #: with the behaviour fields (S_log2_oversampling, …)
    nonlinearity: NonlinearitySpec | None

    #: The :class:`Architecture` this layer belongs to (set when the architecture is built).
    owner = None

    def bank(self, variable="time"):
        """Get the bank filtering ``variable``.

        Parameters
        ----------
        variable : {'time', 'gamma', 'j'}, default 'time'
            The variable the bank filters.

        Returns
        -------
        FilterBank
            The layer's bank for ``variable``.

        Raises
        ------
        KeyError
            If the layer has no bank for ``variable``.
        """
        for plan, bank in zip(self.bank_plans, self.banks):
            if plan.variable == variable:
                return bank
        raise KeyError(f"this layer has no {variable!r} bank; it has "
                       f"{[p.variable for p in self.bank_plans]}")


class Architecture(tuple):
    """The ``archs`` cell of the original: ``M + 1`` :class:`ArchLayer` for ``M`` layers of options.

    ``archs[m]`` (0-based) is MATLAB's ``archs{m+1}``. ``archs.plan`` is the resolved options.
    """

    plan: Plan

    def __new__(cls, layers, plan, opts=None):
        self = super().__new__(cls, layers)
        self.plan = plan
        self.opts = opts  #: a copy of the options given to sc_setup (None if built otherwise)
        for layer in self:  # MATLAB functions take archs{m} alone: a layer knows its owner
            if isinstance(layer, ArchLayer) and getattr(layer, "owner", None) is None:
                object.__setattr__(layer, "owner", self)
        return self

    def with_behavior(self, layer, variable="time", **fields):
        """Return a new architecture with behaviour fields changed (MATLAB ``archs{m}.banks{b}.behavior``).

        See :func:`scatnet.scattering_m.edits.with_behavior`.

        Parameters
        ----------
        layer : int
            0-based index of this architecture (``archs[m]`` is MATLAB's ``archs{m+1}``).
        variable : {'time', 'gamma', 'j'}, default 'time'
            The bank edited.
        **fields
            Option names and values (``is_U_blurred=False``, ``S_log2_oversampling=2``,
            ``gamma_bounds=[5, 40]``, ``is_unchunked=False``, …).

        Returns
        -------
        Architecture
            ``sc_setup`` of the options with the edit; this one is unchanged.

        Examples
        --------
        >>> from scatnet import sc_setup
        >>> archs = sc_setup([{'time': {'size': 4096, 'T': 256, 'is_chunked': False}}])
        >>> archs.with_behavior(0, gamma_bounds=[5, 20]).plan.layers[0].banks[0].behavior.gamma_bounds
        (5.0, 20.0)
        """
        from .edits import with_behavior

        return with_behavior(self, layer, variable, **fields)

    def walk(self):
        """Get the execution plan, made once and kept on this (immutable) architecture.

        Returns
        -------
        scatnet._core.plan.Plan
            :func:`scatnet.scattering_m.walk.plan_walk` of this architecture.
        """
        walk = self.__dict__.get("_walk")
        if walk is None:
            walk = self.__dict__.setdefault("_walk", plan_walk(self))
        return walk

    @property
    def n_layers(self):
        """Number of scattering layers M (orders of wavelets).

        Returns
        -------
        int
            ``len(archs) − 1``.
        """
        return len(self) - 1

    @property
    def size(self):
        """Length of the signals (or chunks) the architecture accepts.

        Returns
        -------
        int
            ``opts{1}.time.size`` as resolved (``archs.plan.input.size``).
        """
        return self.plan.input.size

    def __repr__(self):
        parts = []
        for m, layer in enumerate(self):
            banks = ", ".join(f"{p.variable}:{p.filters.wavelet_name}×{b.n_gammas}"
                              for p, b in zip(layer.bank_plans, layer.banks))
            parts.append(f"  archs[{m}]: banks [{banks}] invariant "
                         f"{layer.invariant.spec.invariant_handle}(T={layer.invariant.spec.T})")
        return "Architecture(size={}, layers={})\n{}".format(self.size, self.n_layers, "\n".join(parts))


def check_archs(archs, who):
    """Check that ``archs`` is an :class:`Architecture`; say what to call when it is not.

    Parameters
    ----------
    archs : object
        What the user passed as ``archs``.
    who : str
        The public function, for messages.

    Returns
    -------
    Architecture
        ``archs``.

    Raises
    ------
    InputTypeError
        ``archs`` is the ``opts`` list (or one layer dict) given to :func:`sc_setup`, ScatNet's
        operators, or anything else.
    """
    if isinstance(archs, Architecture):
        return archs
    if (isinstance(archs, Mapping) and "time" in archs) or (
            isinstance(archs, (list, tuple)) and archs
            and all(isinstance(a, Mapping) for a in archs)):
        what = ("one layer of options (a dict)" if isinstance(archs, Mapping) else
                f"the opts list ({len(archs)} dict(s) of options)")
        raise InputTypeError(f"{who}: archs is {what}, not an architecture: call "
                             "archs = sc_setup(opts) first and pass archs (MATLAB: "
                             "archs = sc_setup(opts); sc_propagate(x, archs))")
    if hasattr(archs, "filters") and hasattr(archs, "scat_opt"):
        raise InputTypeError(f"{who}: archs is ScatNet's {type(archs).__name__} (from "
                             "wavelet_factory_1d); scatter with scat(x, Wop), or build a "
                             "scattering.m architecture with sc_setup(opts)")
    raise InputTypeError(f"{who}: archs must be the Architecture returned by sc_setup(opts); got "
                         f"{type(archs).__name__}")


def sc_setup(opts):
    """Build the scattering architecture for per-layer options ``opts``.

    MATLAB: ``archs = sc_setup(opts)`` (``lib/export/sc_setup.m``).

    Parameters
    ----------
    opts : list of dict
        ``opts[m]`` is MATLAB's ``opts{m+1}``: a dict with a ``'time'`` dict of options (and
        optionally ``'gamma'``, ``'j'``, ``'nonlinearity'``), field names as in MATLAB. See
        ``doc/options.md`` for every field and its default.

    Returns
    -------
    Architecture
        ``M + 1`` layers; banks and invariants are cached, so equal options share filters.

    Raises
    ------
    OptionError, OptionTypeError
        On unknown, ill-typed or out-of-range options (the message names the field and the fix),
        on chunked options whose chunks cannot keep their central part on whole S frames
        (:func:`scatnet.scattering_m.chunking.check_chunk_frames`: a layer whose S frames are
        more than ``min(size/4, 4·max T)`` samples apart), and on a bank that would need more
        memory than :data:`scatnet.scattering_m.filterbank.checks.MAX_BANK_BYTES` (8 GiB) to
        be designed (e.g. ``T = 2**40``; the message gives the amount and how to lower it),
        before any filter is designed.

    Warns
    -----
    EnforcedOptionWarning
        A value of a field the original derives (or clamps) is replaced, as in the original.
    ScatnetWarning
        A bank with ``nFilters_per_octave < max_Q``: its Littlewood–Paley sum has holes (the
        warning gives its dip).

    Examples
    --------
    >>> from scatnet import sc_setup, default_auditory
    >>> archs = sc_setup([default_auditory(8192, 8192, 8), {'time': {}}])
    >>> len(archs), archs[0].bank().n_gammas, archs[1].bank().n_gammas
    (3, 64, 8)
    """
    plan = resolve_options(opts)
    check_chunk_frames(plan)
    check_bank_memory(plan)
    archs = Architecture(arch_layers(plan), plan, copy.deepcopy(list(opts)))
    warn_littlewood_paley_holes(archs)
    return archs


def arch_layers(plan):
    """Build the layers of an architecture from its resolved options (banks from the caches).

    Parameters
    ----------
    plan : scatnet.scattering_m.options.spec.Plan
        The resolved options (``resolve_options(opts)``).

    Returns
    -------
    list of ArchLayer
        One per ``opts`` entry, then the invariant-only last entry of the original.
    """
    layers = []
    for lp in plan.layers:
        banks = tuple(setup_bank(b.filters) for b in lp.banks)
        layers.append(ArchLayer(banks=banks, bank_plans=lp.banks,
                                invariant=setup_invariant(lp.invariant), invariant_spec=lp.invariant,
                                nonlinearity=lp.nonlinearity))
    last = plan.final_invariant  # a copy of the last layer's, or an explicit last layer's
    layers.append(ArchLayer(banks=(), bank_plans=(), invariant=setup_invariant(last),
                            invariant_spec=last, nonlinearity=None))
    return layers
