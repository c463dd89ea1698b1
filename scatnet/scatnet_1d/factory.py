"""``wavelet_factory_1d``: ScatNet's filter banks and layer operators for a signal length.

MATLAB: ``core/wavelet_factory_1d.m`` (``[Wop, filters] = wavelet_factory_1d(N, filt_opt,
scat_opt)``). The original returns a cell of closures ``Wop{m+1} = @(X) wavelet_layer_1d(X,
filters{min(m+1, end)}, scat_opt)``; here ``Wop`` is an immutable :class:`WaveletOperators`
that :func:`scatnet.scat` compiles, once per input length, into the core's execution plan.
"""
import threading

from .bank import filter_bank
from .options import check_scat_options
from .plan import plan_scat

__all__ = ["WaveletOperators", "wavelet_factory_1d"]


class WaveletOperators(tuple):
    """ScatNet's ``Wop``: ``M + 1`` layer operators; ``Wop[m]`` is the bank of order m.

    ``Wop[m]`` (MATLAB ``Wop{m+1}``) is the :class:`~scatnet.scatnet_1d.filters.FilterBank1D`
    whose low-pass makes ``S{m+1}`` and whose wavelets make ``U{m+2}`` (bank
    ``min(m+1, numel(filters))``).

    Attributes
    ----------
    filters : tuple of FilterBank1D
        MATLAB's second output ``filters``.
    scat_opt : dict
        The resolved ``scat_opt`` (``M``, ``oversampling``, ``path_margin``).
    N : int
        The signal length the banks were designed for.
    """

    def __new__(cls, filters, scat_opt, N):
        M = scat_opt["M"]
        self = super().__new__(cls, [filters[min(m, len(filters) - 1)] for m in range(M + 1)])
        self.filters, self.scat_opt, self.N = tuple(filters), dict(scat_opt), int(N)
        self._plans, self._lock = {}, threading.Lock()
        return self

    @property
    def M(self):
        """The scattering order.

        Returns
        -------
        int
            ``M``: one less than the number of layer operators.
        """
        return len(self) - 1

    @property
    def size_filter(self):
        """``N_f``: the FFT length at resolution 0 (longest accepted input).

        Returns
        -------
        int
            The ``size_filter`` of the first bank.
        """
        return self.filters[0].size_filter

    def plan(self, n):
        """Get the execution plan and metas for inputs of ``n`` samples (made once per ``n``).

        Parameters
        ----------
        n : int
            The input length, at most :attr:`size_filter`.

        Returns
        -------
        plan : scatnet._core.plan.Plan
            The execution plan of ``scat(x, Wop)``.
        metas : list of (dict, dict)
            Per order m, the meta of ``S{m+1}`` and of ``U{m+1}`` (see
            :func:`~scatnet.scatnet_1d.plan.plan_scat`).
        """
        with self._lock:
            hit = self._plans.get(n)
        if hit is None:
            hit = plan_scat(self.filters, self.scat_opt, n)
            with self._lock:
                hit = self._plans.setdefault(n, hit)
        return hit

    def __repr__(self):
        banks = ", ".join(repr(b) for b in self.filters)
        return f"WaveletOperators(N={self.N}, M={self.M}, oversampling=" \
               f"{self.scat_opt['oversampling']}, filters=[{banks}])"


def wavelet_factory_1d(N, filt_opt=None, scat_opt=None):
    """Build ScatNet's filter banks and scattering operators for signals of length ``N``.

    MATLAB: ``[Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt)``
    (``core/wavelet_factory_1d.m``).

    Operator m (0-based) uses bank ``min(m, nbanks − 1)``: its low-pass ``φ`` makes ``S{m+1}``
    and its wavelets ``ψ_λ`` make ``U{m+2} = |U{m+1} ⋆ ψ_λ|``.

    Parameters
    ----------
    N : int
        Signal length the filters are designed for; :func:`scat` accepts any input of at
        most ``N_f`` samples (``2**ceil(log2(2N))`` for ``boundary='symm'``), padded as the
        original does.
    filt_opt : dict, optional
        ScatNet's filter options (``default_filter_options('audio', T)``, …): ``filter_type``,
        ``Q``, ``B``, ``J``, ``P``, ``xi_psi``, ``sigma_psi``, ``sigma_phi``,
        ``phi_bw_multiplier``, ``boundary``, ``precision``, ``filter_format``, ``phi_dirac``,
        ``spline_order``; vector (list) or cell fields give one value per bank, the last one
        reused.
    scat_opt : dict, optional
        ``M`` (order, default 2), ``oversampling`` (default 1), ``path_margin`` (default 0).

    Returns
    -------
    Wop : WaveletOperators
        The ``M + 1`` layer operators; ``Wop[m]`` is the bank of order m.
    filters : tuple of FilterBank1D
        The filter banks, one per bank of ``filt_opt`` (MATLAB's ``filters``).

    Raises
    ------
    OptionError, OptionTypeError
        Unknown, ill-typed or out-of-range options (the message names the field and the fix),
        or a set-up the original cannot run (banks of different lengths, a resolution that
        does not divide the filter length).

    Notes
    -----
    The execution plan for inputs of ``N`` samples is made here (so that every check that
    depends on the options alone runs before any signal), and kept on ``Wop``.

    Examples
    --------
    >>> from scatnet import default_filter_options, wavelet_factory_1d
    >>> Wop, filters = wavelet_factory_1d(4096, default_filter_options('audio', 512))
    >>> len(Wop), [len(b.psi) for b in filters]
    (3, [44, 9])
    """
    scat_opt = check_scat_options(scat_opt)
    filters = tuple(filter_bank(N, filt_opt))
    Wop = WaveletOperators(filters, scat_opt, N)
    Wop.plan(int(N))  # every check that depends on the options alone, before any signal
    return Wop, filters
