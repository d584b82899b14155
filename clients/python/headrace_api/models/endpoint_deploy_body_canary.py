from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointDeployBodyCanary")


@_attrs_define
class EndpointDeployBodyCanary:
    steps: list[float] | Unset = UNSET
    interval: str | Unset = UNSET
    max_error_rate: float | Unset = UNSET
    max_latency_p99: float | Unset = UNSET
    min_requests: int | Unset = UNSET
    max_holds: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        steps: list[float] | Unset = UNSET
        if not isinstance(self.steps, Unset):
            steps = self.steps

        interval = self.interval

        max_error_rate = self.max_error_rate

        max_latency_p99 = self.max_latency_p99

        min_requests = self.min_requests

        max_holds = self.max_holds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if steps is not UNSET:
            field_dict["steps"] = steps
        if interval is not UNSET:
            field_dict["interval"] = interval
        if max_error_rate is not UNSET:
            field_dict["maxErrorRate"] = max_error_rate
        if max_latency_p99 is not UNSET:
            field_dict["maxLatencyP99"] = max_latency_p99
        if min_requests is not UNSET:
            field_dict["minRequests"] = min_requests
        if max_holds is not UNSET:
            field_dict["maxHolds"] = max_holds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        steps = cast(list[float], d.pop("steps", UNSET))

        interval = d.pop("interval", UNSET)

        max_error_rate = d.pop("maxErrorRate", UNSET)

        max_latency_p99 = d.pop("maxLatencyP99", UNSET)

        min_requests = d.pop("minRequests", UNSET)

        max_holds = d.pop("maxHolds", UNSET)

        endpoint_deploy_body_canary = cls(
            steps=steps,
            interval=interval,
            max_error_rate=max_error_rate,
            max_latency_p99=max_latency_p99,
            min_requests=min_requests,
            max_holds=max_holds,
        )

        endpoint_deploy_body_canary.additional_properties = d
        return endpoint_deploy_body_canary

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
