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

T = TypeVar("T", bound="PlanTriggersItemType2Type1")


@_attrs_define
class PlanTriggersItemType2Type1:
    type_: Literal["data"]
    webhook: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        webhook = self.webhook

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "webhook": webhook,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["data"], d.pop("type"))
        if type_ != "data":
            raise ValueError(f"type must match const 'data', got '{type_}'")

        webhook = d.pop("webhook")

        plan_triggers_item_type_2_type_1 = cls(
            type_=type_,
            webhook=webhook,
        )

        return plan_triggers_item_type_2_type_1
