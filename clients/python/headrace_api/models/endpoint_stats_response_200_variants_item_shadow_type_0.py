from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="EndpointStatsResponse200VariantsItemShadowType0")


@_attrs_define
class EndpointStatsResponse200VariantsItemShadowType0:
    compared: float
    agreed: float
    dropped: float
    squared_error_sum: float
    rows: float
    latency_diff_sum_ms: float
    agreement: float | None
    rmse: float | None
    latency_diff_mean_ms: float | None

    def to_dict(self) -> dict[str, Any]:
        compared = self.compared

        agreed = self.agreed

        dropped = self.dropped

        squared_error_sum = self.squared_error_sum

        rows = self.rows

        latency_diff_sum_ms = self.latency_diff_sum_ms

        agreement: float | None
        agreement = self.agreement

        rmse: float | None
        rmse = self.rmse

        latency_diff_mean_ms: float | None
        latency_diff_mean_ms = self.latency_diff_mean_ms

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "compared": compared,
                "agreed": agreed,
                "dropped": dropped,
                "squaredErrorSum": squared_error_sum,
                "rows": rows,
                "latencyDiffSumMs": latency_diff_sum_ms,
                "agreement": agreement,
                "rmse": rmse,
                "latencyDiffMeanMs": latency_diff_mean_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        compared = d.pop("compared")

        agreed = d.pop("agreed")

        dropped = d.pop("dropped")

        squared_error_sum = d.pop("squaredErrorSum")

        rows = d.pop("rows")

        latency_diff_sum_ms = d.pop("latencyDiffSumMs")

        def _parse_agreement(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        agreement = _parse_agreement(d.pop("agreement"))

        def _parse_rmse(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rmse = _parse_rmse(d.pop("rmse"))

        def _parse_latency_diff_mean_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latency_diff_mean_ms = _parse_latency_diff_mean_ms(d.pop("latencyDiffMeanMs"))

        endpoint_stats_response_200_variants_item_shadow_type_0 = cls(
            compared=compared,
            agreed=agreed,
            dropped=dropped,
            squared_error_sum=squared_error_sum,
            rows=rows,
            latency_diff_sum_ms=latency_diff_sum_ms,
            agreement=agreement,
            rmse=rmse,
            latency_diff_mean_ms=latency_diff_mean_ms,
        )

        return endpoint_stats_response_200_variants_item_shadow_type_0
