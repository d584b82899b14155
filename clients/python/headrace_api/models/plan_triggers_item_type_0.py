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

T = TypeVar("T", bound="PlanTriggersItemType0")


@_attrs_define
class PlanTriggersItemType0:
    type_: Literal["manual"]

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["manual"], d.pop("type"))
        if type_ != "manual":
            raise ValueError(f"type must match const 'manual', got '{type_}'")

        plan_triggers_item_type_0 = cls(
            type_=type_,
        )

        return plan_triggers_item_type_0
