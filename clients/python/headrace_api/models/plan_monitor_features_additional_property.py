from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanMonitorFeaturesAdditionalProperty")


@_attrs_define
class PlanMonitorFeaturesAdditionalProperty:
    """Drift thresholds: a feature drifts when any of its tests crosses its threshold"""

    psi: float | Unset = UNSET
    """ PSI above this drifts (default 0.2) """
    js: float | Unset = UNSET
    """ Jensen–Shannon distance (natural log) above this drifts (default 0.1) """
    ks_p_value: float | Unset = UNSET
    """ Kolmogorov–Smirnov p-value below this drifts, numeric features (default 0.05) """
    chi_2p_value: float | Unset = UNSET
    """ Chi-squared p-value below this drifts, categorical features (default 0.05) """

    def to_dict(self) -> dict[str, Any]:
        psi = self.psi

        js = self.js

        ks_p_value = self.ks_p_value

        chi_2p_value = self.chi_2p_value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if psi is not UNSET:
            field_dict["psi"] = psi
        if js is not UNSET:
            field_dict["js"] = js
        if ks_p_value is not UNSET:
            field_dict["ksPValue"] = ks_p_value
        if chi_2p_value is not UNSET:
            field_dict["chi2PValue"] = chi_2p_value

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        psi = d.pop("psi", UNSET)

        js = d.pop("js", UNSET)

        ks_p_value = d.pop("ksPValue", UNSET)

        chi_2p_value = d.pop("chi2PValue", UNSET)

        plan_monitor_features_additional_property = cls(
            psi=psi,
            js=js,
            ks_p_value=ks_p_value,
            chi_2p_value=chi_2p_value,
        )

        return plan_monitor_features_additional_property
