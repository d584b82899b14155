from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PlanTriggersItemType2Type0")


@_attrs_define
class PlanTriggersItemType2Type0:
    type_: Literal["data"]
    source: str
    every_seconds: float

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        source = self.source

        every_seconds = self.every_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "source": source,
                "everySeconds": every_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["data"], d.pop("type"))
        if type_ != "data":
            raise ValueError(f"type must match const 'data', got '{type_}'")

        source = d.pop("source")

        every_seconds = d.pop("everySeconds")

        plan_triggers_item_type_2_type_0 = cls(
            type_=type_,
            source=source,
            every_seconds=every_seconds,
        )

        return plan_triggers_item_type_2_type_0
