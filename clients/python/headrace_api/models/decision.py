from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="Decision")


@_attrs_define
class Decision:
    id: UUID
    step: str
    approved: bool
    reason: str
    actor: str

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        step = self.step

        approved = self.approved

        reason = self.reason

        actor = self.actor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "step": step,
                "approved": approved,
                "reason": reason,
                "actor": actor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        step = d.pop("step")

        approved = d.pop("approved")

        reason = d.pop("reason")

        actor = d.pop("actor")

        decision = cls(
            id=id,
            step=step,
            approved=approved,
            reason=reason,
            actor=actor,
        )

        return decision
