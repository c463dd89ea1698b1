"""Normalised, immutable specifications produced from the user's ``opts``.

Only :mod:`scatnet.scattering_m.options` reads raw user dictionaries. Everything downstream
(filter banks, architecture, propagation) consumes the frozen dataclasses below, which
hold the values *after* scattering.m's defaults and derivations (spec §1).

MATLAB: ``architecture/setup_plans.m``, ``fill_bank_spec.m``, ``fill_bank_behavior.m``,
``fill_invariant_spec.m``, ``fill_invariant_behavior.m``, ``fill_nonlinearity.m``.

All dataclasses are frozen and hashable: a :class:`FilterSpec` is the cache key of a
filter bank, an :class:`InvariantSpec` (minus its behaviour fields) the key of a low-pass.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

#: Names of the built-in wavelets (MATLAB ``wavelet_handle``).
WAVELETS = ("morlet_1d", "gammatone_1d", "RLC_1d", "finitediff_1d")
#: Names of the built-in low-pass filters (MATLAB ``invariant_handle``).
LOWPASSES = ("gaussian_1d", "gamma_1d", "rectangular_1d")
#: The variables a layer may hold, in the order their banks are built (spec §1.2).
VARIABLES = ("time", "gamma", "j")


@dataclass(frozen=True, eq=False)
class UserWavelet:
    """A user-supplied wavelet function, hashed by identity.

    The callable is invoked as ``fn(N, metas_row, spec) -> ndarray`` where ``N`` is the
    length of the time grid, ``metas_row`` a :class:`scatnet.scattering_m.filterbank.Meta`-like record with
    ``resolution``, ``quality_factor``, ``bandwidth``, ``scale``, ``xi`` and ``spec`` the
    :class:`FilterSpec`; it returns the complex time-domain wavelet of length ``N``
    (index 0 is t = 0, periodic).
    """

    fn: Callable
    name: str

    def __hash__(self):
        return id(self.fn)

    def __eq__(self, other):
        return isinstance(other, UserWavelet) and other.fn is self.fn


WaveletName = str | UserWavelet


@dataclass(frozen=True)
class FilterSpec:
    """Everything that determines the filters of one bank (the bank's ``spec``).

    Field names are MATLAB's (``opts{m}.<variable>.<field>``) where the field is user-facing.
    """

    wavelet: WaveletName  #: 'morlet_1d' | 'gammatone_1d' | 'RLC_1d' | 'finitediff_1d' | UserWavelet
    size: int  #: N, FFT length of the bank (power of two)
    T: int  #: averaging scale (power of two)
    J: int  #: log2(T), enforced
    max_Q: float
    nFilters_per_octave: int
    max_scale: float  #: may be math.inf
    mother_xi: float  #: 1 / (1 + 2**(1/nfo))
    cutoff_in_dB: float = 3.0
    phi_bw_multiplier: float = 2.0
    trim_threshold: float = 2.220446049250313e-16
    periodization_extent: int = 1
    gammatone_order: int = 4
    is_spinned: bool = False
    has_multiple_support: bool = False
    has_real_ft: bool = True
    has_real_ift: bool = False
    is_ift_flipped: bool = False
    has_duals: bool = False
    duality: str = "hermitian"

    @property
    def n_thetas(self) -> int:
        """Number of orientations (2 when spinned).

        Returns
        -------
        int
            2 if ``is_spinned``, else 1.
        """
        return 2 if self.is_spinned else 1

    @property
    def wavelet_name(self) -> str:
        return self.wavelet if isinstance(self.wavelet, str) else self.wavelet.name


@dataclass(frozen=True)
class SpiralSpec:
    """Spiral descriptor attached to the gamma and j banks of a spiral layer (spec §1.2.4)."""

    nChromas: int  #: first-order filters per octave
    octave_padding_length: int  #: T of the j bank
    subscript: int  #: 1-based tensor axis of γ1 in MATLAB (bookkeeping)


@dataclass(frozen=True)
class BankBehavior:
    """How a bank is applied (MATLAB ``bank.behavior``)."""

    U_log2_oversampling: int = 1
    S_log2_oversampling: int = 0
    is_U_blurred: bool = True
    is_U_bypassed: bool = False
    is_U_scattered: bool = True
    gamma_bounds: tuple[float, float] = (1.0, math.inf)  #: 1-based, inclusive
    sibling_mask_factor: float = 1.0
    padding: str = "periodic"
    gamma_padding_length: int = 0  #: >0 on the time bank of a joint/spiral layer (= T_gamma/2)
    spiral: SpiralSpec | None = None


@dataclass(frozen=True)
class BankPlan:
    """One filter bank of a layer: which variable it filters, its filters and its behaviour."""

    variable: str  #: 'time' | 'gamma' | 'j'
    filters: FilterSpec
    behavior: BankBehavior


@dataclass(frozen=True)
class InvariantSpec:
    """The low-pass that produces S from a layer (spec §1.2.5)."""

    invariance: str  #: 'blurred' | 'summed' | 'maxpooled' | 'bypassed'
    invariant_handle: str  #: 'gaussian_1d' | 'gamma_1d' | 'rectangular_1d'
    size: int
    T: int
    J: int
    phi_bw_multiplier: float = 2.0
    trim_threshold: float = 2.220446049250313e-16
    has_real_ft: bool = True
    has_multiple_support: bool = False
    has_duals: bool = False
    duality: str = "hermitian"
    S_log2_oversampling: int = 0
    is_S_invariant: bool = True
    is_S_bypassed: bool = False


@dataclass(frozen=True)
class PostInvariant:
    """An invariant along a γ variable, applied to S after the time invariant (spec §1.2.9).

    MATLAB: ``opts{m}.invariants.gamma`` (``sum_Y.m``/``maxpool_Y.m`` over the γ1 axis).
    """

    variable: str  #: 'gamma' (the γ1 axis of the layer's tensors)
    invariance: str  #: 'summed' | 'maxpooled'


@dataclass(frozen=True)
class NonlinearitySpec:
    """Maps Y_m to U_m (spec §1.2.6)."""

    name: str = "modulus"  #: 'modulus' | 'uniform_log' | 'custom'
    denominator: float = 1.0
    handle: Callable | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class InputSpec:
    """How the signal enters layer 1 (from ``opts[0]['time']``; spec §3.9)."""

    size: int
    T: int
    is_chunked: bool = True
    windowing: str = "tukey"  #: 'tukey' | 'hann' | 'none'
    is_unchunked: bool = True
    max_minibatch_size: int = 64


@dataclass(frozen=True)
class LayerPlan:
    """Layer m (0-based; MATLAB ``archs{m+1}``): its banks, its invariant, its nonlinearity."""

    banks: tuple[BankPlan, ...]
    invariant: InvariantSpec  #: the invariant that makes S_m
    nonlinearity: NonlinearitySpec = NonlinearitySpec()
    #: invariants along γ applied after ``invariant`` (custom path, ``opts{m}.invariants.gamma``)
    post_invariants: tuple[PostInvariant, ...] = ()
    #: the invariant the original copies to the implicit last layer when it differs from
    #: ``invariant`` (custom first layer: S_0 comes from the bank's φ route, spec §3.8)
    declared_invariant: InvariantSpec | None = None


@dataclass(frozen=True)
class Plan:
    """The whole resolved architecture description, output of ``resolve_options``.

    ``layers[m]`` is built from ``opts[m]``. The extra last ``archs`` entry of the original
    (invariant only, a copy of the last layer's invariant) is implicit: ``final_invariant``.
    """

    layers: tuple[LayerPlan, ...]
    input: InputSpec
    is_waitbar_shown: bool = False
    is_waitbar_docked: bool = False
    #: an explicit last layer (custom path: an ``opts`` entry with ``invariants`` only): its
    #: invariant and γ invariants; None: the copy of the last layer's (implicit last layer)
    last_invariant: InvariantSpec | None = None
    last_post_invariants: tuple[PostInvariant, ...] | None = None

    @property
    def n_layers(self) -> int:
        return len(self.layers)

    @property
    def final_invariant(self) -> InvariantSpec:
        """The invariant of the last ``archs`` entry, which makes ``S_M``.

        Returns
        -------
        InvariantSpec
            The explicit last layer's, else a copy of the last layer's (its declared invariant
            when S_{M-1} was made by another one).
        """
        if self.last_invariant is not None:
            return self.last_invariant
        last = self.layers[-1]
        return last.declared_invariant or last.invariant

    @property
    def final_post_invariants(self) -> tuple[PostInvariant, ...]:
        """The γ invariants of the last ``archs`` entry.

        Returns
        -------
        tuple of PostInvariant
            The explicit last layer's, else the last layer's.
        """
        if self.last_post_invariants is not None:
            return self.last_post_invariants
        return self.layers[-1].post_invariants

    def post_invariants(self, m):
        """The γ invariants that follow the time invariant making ``S_m``.

        Parameters
        ----------
        m : int
            The order, 0 … ``n_layers``.

        Returns
        -------
        tuple of PostInvariant
            Empty outside the custom path.
        """
        return self.final_post_invariants if m == self.n_layers else self.layers[m].post_invariants
