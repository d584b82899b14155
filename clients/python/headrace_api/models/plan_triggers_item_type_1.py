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

from ..models.plan_triggers_item_type_1_overlap import (
    PlanTriggersItemType1Overlap,
    check_plan_triggers_item_type_1_overlap,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanTriggersItemType1")


@_attrs_define
class PlanTriggersItemType1:
    type_: Literal["schedule"]
    cron: str
    overlap: PlanTriggersItemType1Overlap = "skip"
    paused: bool = False
    timezone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        cron = self.cron

        overlap: str = self.overlap

        paused = self.paused

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "cron": cron,
                "overlap": overlap,
                "paused": paused,
            }
        )
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["schedule"], d.pop("type"))
        if type_ != "schedule":
            raise ValueError(f"type must match const 'schedule', got '{type_}'")

        cron = d.pop("cron")

        overlap = check_plan_triggers_item_type_1_overlap(d.pop("overlap"))

        paused = d.pop("paused")

        timezone = d.pop("timezone", UNSET)

        plan_triggers_item_type_1 = cls(
            type_=type_,
            cron=cron,
            overlap=overlap,
            paused=paused,
            timezone=timezone,
        )

        return plan_triggers_item_type_1
