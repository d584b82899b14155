from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="MonitorListResponse200ItemLastWindowType0")


@_attrs_define
class MonitorListResponse200ItemLastWindowType0:
    start: str
    end: str
    rows: float
    dataset_drifted: bool
    drifted_features: list[str]

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        rows = self.rows

        dataset_drifted = self.dataset_drifted

        drifted_features = self.drifted_features

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start": start,
                "end": end,
                "rows": rows,
                "datasetDrifted": dataset_drifted,
                "driftedFeatures": drifted_features,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        rows = d.pop("rows")

        dataset_drifted = d.pop("datasetDrifted")

        drifted_features = cast(list[str], d.pop("driftedFeatures"))

        monitor_list_response_200_item_last_window_type_0 = cls(
            start=start,
            end=end,
            rows=rows,
            dataset_drifted=dataset_drifted,
            drifted_features=drifted_features,
        )

        return monitor_list_response_200_item_last_window_type_0
