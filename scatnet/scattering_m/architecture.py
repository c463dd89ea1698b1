"""``sc_setup``: options → architecture (banks, invariants, nonlinearities) (spec §1.3).

MATLAB: scattering.m ``lib/export/sc_setup.m``.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

from .filterbank import FilterBank, Invariant, setup_bank, setup_invariant
from .options import resolve_options
from .options.spec import BankPlan, InvariantSpec, NonlinearitySpec, Plan
from .walk import plan_walk


@dataclass(frozen=True, eq=False)
class ArchLayer:
    """One ``archs{m}`` entry: the banks that filter ``U_{m-1}``, the invariant that makes
    ``S_{m-1}``, the nonlinearity that makes ``U_m``. The last entry has no banks."""

    banks: Tuple[FilterBank, ...]
    bank_plans: Tuple[BankPlan, ...]
    invariant: Invariant
    invariant_spec: InvariantSpec  #: with the behaviour fields (S_log2_oversampling, …)
    nonlinearity: Optional[NonlinearitySpec]

    def bank(self, variable="time"):
        """The bank filtering ``variable`` ('time', 'gamma' or 'j')."""
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

    def __new__(cls, layers, plan):
        self = super().__new__(cls, layers)
        self.plan = plan
        return self

    def walk(self):
        """The execution plan (:func:`scatnet.scattering_m.walk.plan_walk`), made once and
        kept on this (immutable) architecture."""
        walk = self.__dict__.get("_walk")
        if walk is None:
            walk = self.__dict__.setdefault("_walk", plan_walk(self))
        return walk

    @property
    def n_layers(self):
        """Number of scattering layers M (orders of wavelets)."""
        return len(self) - 1

    @property
    def size(self):
        """Length of the signals (or chunks) the architecture accepts."""
        return self.plan.input.size

    def __repr__(self):
        parts = []
        for m, layer in enumerate(self):
            banks = ", ".join(f"{p.variable}:{p.filters.wavelet_name}×{b.n_gammas}"
                              for p, b in zip(layer.bank_plans, layer.banks))
            parts.append(f"  archs[{m}]: banks [{banks}] invariant "
                         f"{layer.invariant.spec.invariant_handle}(T={layer.invariant.spec.T})")
        return "Architecture(size={}, layers={})\n{}".format(self.size, self.n_layers, "\n".join(parts))


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
    archs : Architecture
        ``M + 1`` layers; banks and invariants are cached, so equal options share filters.

    Raises
    ------
    OptionError, OptionTypeError
        On unknown, ill-typed or out-of-range options (the message names the field and the fix).

    Examples
    --------
    >>> from scatnet import sc_setup, default_auditory
    >>> archs = sc_setup([default_auditory(8192, 8192, 8), {'time': {}}])
    >>> len(archs), archs[0].bank().n_gammas, archs[1].bank().n_gammas
    (3, 64, 8)
    """
    plan = resolve_options(opts)
    layers = []
    for lp in plan.layers:
        banks = tuple(setup_bank(b.filters) for b in lp.banks)
        layers.append(ArchLayer(banks=banks, bank_plans=lp.banks,
                                invariant=setup_invariant(lp.invariant), invariant_spec=lp.invariant,
                                nonlinearity=lp.nonlinearity))
    last = plan.layers[-1]
    layers.append(ArchLayer(banks=(), bank_plans=(), invariant=setup_invariant(last.invariant),
                            invariant_spec=last.invariant, nonlinearity=None))
    return Architecture(layers, plan)
