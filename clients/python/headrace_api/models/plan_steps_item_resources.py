from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanStepsItemResources")


@_attrs_define
class PlanStepsItemResources:
    gpu: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        gpu = self.gpu

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if gpu is not UNSET:
            field_dict["gpu"] = gpu

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        gpu = d.pop("gpu", UNSET)

        plan_steps_item_resources = cls(
            gpu=gpu,
        )

        return plan_steps_item_resources
