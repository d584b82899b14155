from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PlanMonitorWindowType1")


@_attrs_define
class PlanMonitorWindowType1:
    predictions: int
    """ Close a window every N predictions """

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

        plan_monitor_window_type_1 = cls(
            predictions=predictions,
        )

        return plan_monitor_window_type_1
