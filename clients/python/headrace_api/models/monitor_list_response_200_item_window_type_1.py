from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="MonitorListResponse200ItemWindowType1")


@_attrs_define
class MonitorListResponse200ItemWindowType1:
    predictions: float

    def to_dict(self) -> dict[str, Any]:
        predictions = self.predictions

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "predictions": predictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        predictions = d.pop("predictions")

        monitor_list_response_200_item_window_type_1 = cls(
            predictions=predictions,
        )

        return monitor_list_response_200_item_window_type_1
