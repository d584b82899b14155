from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_monitor_health_error_rate import PlanMonitorHealthErrorRate
    from ..models.plan_monitor_health_p99_ms import PlanMonitorHealthP99Ms
    from ..models.plan_monitor_health_requests import PlanMonitorHealthRequests


T = TypeVar("T", bound="PlanMonitorHealth")


@_attrs_define
class PlanMonitorHealth:
    """Bounds on serving health"""

    error_rate: PlanMonitorHealthErrorRate | Unset = UNSET
    p_99_ms: PlanMonitorHealthP99Ms | Unset = UNSET
    requests: PlanMonitorHealthRequests | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        error_rate: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error_rate, Unset):
            error_rate = self.error_rate.to_dict()

        p_99_ms: dict[str, Any] | Unset = UNSET
        if not isinstance(self.p_99_ms, Unset):
            p_99_ms = self.p_99_ms.to_dict()

        requests: dict[str, Any] | Unset = UNSET
        if not isinstance(self.requests, Unset):
            requests = self.requests.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if error_rate is not UNSET:
            field_dict["errorRate"] = error_rate
        if p_99_ms is not UNSET:
            field_dict["p99Ms"] = p_99_ms
        if requests is not UNSET:
            field_dict["requests"] = requests

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor_health_error_rate import PlanMonitorHealthErrorRate
        from ..models.plan_monitor_health_p99_ms import PlanMonitorHealthP99Ms
        from ..models.plan_monitor_health_requests import PlanMonitorHealthRequests

        d = dict(src_dict)
        _error_rate = d.pop("errorRate", UNSET)
        error_rate: PlanMonitorHealthErrorRate | Unset
        if isinstance(_error_rate, Unset):
            error_rate = UNSET
        else:
            error_rate = PlanMonitorHealthErrorRate.from_dict(_error_rate)

        _p_99_ms = d.pop("p99Ms", UNSET)
        p_99_ms: PlanMonitorHealthP99Ms | Unset
        if isinstance(_p_99_ms, Unset):
            p_99_ms = UNSET
        else:
            p_99_ms = PlanMonitorHealthP99Ms.from_dict(_p_99_ms)

        _requests = d.pop("requests", UNSET)
        requests: PlanMonitorHealthRequests | Unset
        if isinstance(_requests, Unset):
            requests = UNSET
        else:
            requests = PlanMonitorHealthRequests.from_dict(_requests)

        plan_monitor_health = cls(
            error_rate=error_rate,
            p_99_ms=p_99_ms,
            requests=requests,
        )

        return plan_monitor_health
