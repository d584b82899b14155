from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_monitor_drift_severity import (
    PlanMonitorDriftSeverity,
    check_plan_monitor_drift_severity,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanMonitorDrift")


@_attrs_define
class PlanMonitorDrift:
    """The dataset-drift rule (as Evidently's): the share of drifted features that raises a drift alert"""

    share: float = 0.5
    """ Dataset drift when at least this share of the features drift (default 0.5) """
    severity: PlanMonitorDriftSeverity | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        share = self.share

        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "share": share,
            }
        )
        if severity is not UNSET:
            field_dict["severity"] = severity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        share = d.pop("share")

        _severity = d.pop("severity", UNSET)
        severity: PlanMonitorDriftSeverity | Unset
        if isinstance(_severity, Unset):
            severity = UNSET
        else:
            severity = check_plan_monitor_drift_severity(_severity)

        plan_monitor_drift = cls(
            share=share,
            severity=severity,
        )

        return plan_monitor_drift
