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

from ..models.plan_triggers_item_type_3_severity import (
    PlanTriggersItemType3Severity,
    check_plan_triggers_item_type_3_severity,
)

T = TypeVar("T", bound="PlanTriggersItemType3")


@_attrs_define
class PlanTriggersItemType3:
    type_: Literal["drift"]
    endpoint: str
    severity: PlanTriggersItemType3Severity = "warning"

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        endpoint = self.endpoint

        severity: str = self.severity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "endpoint": endpoint,
                "severity": severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["drift"], d.pop("type"))
        if type_ != "drift":
            raise ValueError(f"type must match const 'drift', got '{type_}'")

        endpoint = d.pop("endpoint")

        severity = check_plan_triggers_item_type_3_severity(d.pop("severity"))

        plan_triggers_item_type_3 = cls(
            type_=type_,
            endpoint=endpoint,
            severity=severity,
        )

        return plan_triggers_item_type_3
