"""The MATLAB ↔ scatnet name table of tensor axes and cell variables.

One table serves ``io`` and the tests (STYLE G11).

MATLAB: the keys of scattering.m's layer structs (``S{m}.keys``), written as text as in the
reference files' ``tensor_keys`` and ``cell_keys`` (e.g. ``'time{1}.gamma{2}'``).
"""
import re

__all__ = ["AXIS_KEYS", "CELL_KEYS", "parse_matlab_ref"]

#: scatnet tensor axis → toolbox key of that MATLAB tensor axis (level 0).
AXIS_KEYS = {
    "time": "time{1}",
    "channel": "channel{1}",
    "gamma1": "time{1}.gamma{1}",
    "theta": "time{1}.gamma{1}.theta{1}",
    "chroma": "time{1}.gamma{1}",  # spiral: γ1 reshaped to chroma × octave
    "octave": "time{1}.j{1}",
    "theta_j": "time{1}.j{1}.theta{1}",  # spin of a spinned (Morlet, RLC) j wavelet
}

#: scatnet cell variable (``Tensor.cell`` key) → toolbox key of that cell level.
CELL_KEYS = {
    "gamma1": "time{1}.gamma{1}",
    "gamma2": "time{1}.gamma{2}",
    "gamma3": "time{1}.gamma{3}",
    "gamma4": "time{1}.gamma{4}",
    "gamma5": "time{1}.gamma{5}",
    "gamma6": "time{1}.gamma{6}",
    "gamma_gamma": "time{1}.gamma{1}.gamma{1}",
    "gamma_j": "time{1}.j{1}.gamma{1}",
}

_REF = re.compile(r"^([SUY])\{(\d+)\}(\{\d+\})?\.data((?:\{\d+\})*)$")


def parse_matlab_ref(ref):
    """Split a MATLAB reference such as ``'S{3}{4}.data{2}{1}'``.

    MATLAB: the expressions of the reference files' ``matlab_ref``.

    Parameters
    ----------
    ref : str
        ``Tensor.matlab_ref``.

    Returns
    -------
    layer : int
        The 1-based index into ``S`` (order + 1).
    route : int or None
        The linear index into the routing cell ``S{layer}`` (joint/spiral layers), else None.
    data : tuple of int
        The linear indices into the nested cells of ``.data``, outermost first.

    Raises
    ------
    ValueError
        ``ref`` is not of that form.

    Examples
    --------
    >>> parse_matlab_ref('S{3}{4}.data{2}{1}')
    (3, 4, (2, 1))
    >>> parse_matlab_ref('U{1}.data')
    (1, None, ())
    """
    m = _REF.match(ref)
    if m is None:
        raise ValueError(f"ref={ref!r} is not a MATLAB reference like 'S{{3}}{{1}}.data{{2}}{{1}}'")
    route = int(m.group(3)[1:-1]) if m.group(3) else None
    return int(m.group(2)), route, tuple(int(i) for i in re.findall(r"\d+", m.group(4)))
