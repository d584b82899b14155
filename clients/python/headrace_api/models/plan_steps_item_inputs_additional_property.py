from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PlanStepsItemInputsAdditionalProperty")


@_attrs_define
class PlanStepsItemInputsAdditionalProperty:
    step: str
    port: str

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        port = self.port

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "port": port,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        step = d.pop("step")

        port = d.pop("port")

        plan_steps_item_inputs_additional_property = cls(
            step=step,
            port=port,
        )

        return plan_steps_item_inputs_additional_property
