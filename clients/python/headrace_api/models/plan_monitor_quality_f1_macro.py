from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_monitor_quality_f1_macro_severity import (
    PlanMonitorQualityF1MacroSeverity,
    check_plan_monitor_quality_f1_macro_severity,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanMonitorQualityF1Macro")


@_attrs_define
class PlanMonitorQualityF1Macro:
    min_: float | Unset = UNSET
    """ Alert when the figure falls below this """
    max_: float | Unset = UNSET
    """ Alert when the figure rises above this """
    severity: PlanMonitorQualityF1MacroSeverity | Unset = UNSET
    """ The alert's severity (default warning) """

    def to_dict(self) -> dict[str, Any]:
        min_ = self.min_

        max_ = self.max_

        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if min_ is not UNSET:
            field_dict["min"] = min_
        if max_ is not UNSET:
            field_dict["max"] = max_
        if severity is not UNSET:
            field_dict["severity"] = severity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        min_ = d.pop("min", UNSET)

        max_ = d.pop("max", UNSET)

        _severity = d.pop("severity", UNSET)
        severity: PlanMonitorQualityF1MacroSeverity | Unset
        if isinstance(_severity, Unset):
            severity = UNSET
        else:
            severity = check_plan_monitor_quality_f1_macro_severity(_severity)

        plan_monitor_quality_f1_macro = cls(
            min_=min_,
            max_=max_,
            severity=severity,
        )

        return plan_monitor_quality_f1_macro
