from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PipelineVersionLayoutType0AdditionalProperty")


@_attrs_define
class PipelineVersionLayoutType0AdditionalProperty:
    x: float
    y: float

    def to_dict(self) -> dict[str, Any]:
        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "x": x,
                "y": y,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        x = d.pop("x")

        y = d.pop("y")

        pipeline_version_layout_type_0_additional_property = cls(
            x=x,
            y=y,
        )

        return pipeline_version_layout_type_0_additional_property
