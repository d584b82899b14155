from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="StageChange")


@_attrs_define
class StageChange:
    id: int
    model_version_id: UUID
    from_stage: str
    to_stage: str
    reason: str
    actor: str
    at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model_version_id = str(self.model_version_id)

        from_stage = self.from_stage

        to_stage = self.to_stage

        reason = self.reason

        actor = self.actor

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "modelVersionId": model_version_id,
                "fromStage": from_stage,
                "toStage": to_stage,
                "reason": reason,
                "actor": actor,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        model_version_id = UUID(d.pop("modelVersionId"))

        from_stage = d.pop("fromStage")

        to_stage = d.pop("toStage")

        reason = d.pop("reason")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        stage_change = cls(
            id=id,
            model_version_id=model_version_id,
            from_stage=from_stage,
            to_stage=to_stage,
            reason=reason,
            actor=actor,
            at=at,
        )

        return stage_change
