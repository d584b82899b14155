from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="EndpointStatsResponse200Answering")


@_attrs_define
class EndpointStatsResponse200Answering:
    requests: float
    errors: float
    error_rate: float
    rps: float
    p_99_ms: float | None

    def to_dict(self) -> dict[str, Any]:
        requests = self.requests

        errors = self.errors

        error_rate = self.error_rate

        rps = self.rps

        p_99_ms: float | None
        p_99_ms = self.p_99_ms

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requests": requests,
                "errors": errors,
                "errorRate": error_rate,
                "rps": rps,
                "p99Ms": p_99_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        requests = d.pop("requests")

        errors = d.pop("errors")

        error_rate = d.pop("errorRate")

        rps = d.pop("rps")

        def _parse_p_99_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p_99_ms = _parse_p_99_ms(d.pop("p99Ms"))

        endpoint_stats_response_200_answering = cls(
            requests=requests,
            errors=errors,
            error_rate=error_rate,
            rps=rps,
            p_99_ms=p_99_ms,
        )

        return endpoint_stats_response_200_answering
