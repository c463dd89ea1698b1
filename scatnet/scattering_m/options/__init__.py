"""User options → normalised, immutable plan (spec §1).

Only this package reads raw user dictionaries; everything downstream consumes the frozen
dataclasses of :mod:`scatnet.scattering_m.options.spec`.

MATLAB: ``architecture/setup_plans.m`` and the ``fill_*.m`` helpers, ``audio/default_auditory.m``.
"""
from scatnet.scattering_m.options.auditory import default_auditory, nextpow2
from scatnet.scattering_m.options.fields import FIELDS, OptionField, fields_for
from scatnet.scattering_m.options.resolve import resolve_options
from scatnet.scattering_m.options.spec import (
    BankBehavior,
    BankPlan,
    FilterSpec,
    InputSpec,
    InvariantSpec,
    LayerPlan,
    NonlinearitySpec,
    Plan,
    SpiralSpec,
    UserWavelet,
)

__all__ = ["FIELDS", "BankBehavior", "BankPlan", "FilterSpec", "InputSpec", "InvariantSpec",
           "LayerPlan", "NonlinearitySpec", "OptionField", "Plan", "SpiralSpec", "UserWavelet",
           "default_auditory", "fields_for", "nextpow2", "resolve_options"]
