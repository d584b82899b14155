from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ModelVersionDetailApprovalsItem")


@_attrs_define
class ModelVersionDetailApprovalsItem:
    step: str
    approved: bool
    actor: None | str
    reason: None | str
    at: None | str

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        approved = self.approved

        actor: None | str
        actor = self.actor

        reason: None | str
        reason = self.reason

        at: None | str
        at = self.at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "approved": approved,
                "actor": actor,
                "reason": reason,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        step = d.pop("step")

        approved = d.pop("approved")

        def _parse_actor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor = _parse_actor(d.pop("actor"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        at = _parse_at(d.pop("at"))

        model_version_detail_approvals_item = cls(
            step=step,
            approved=approved,
            actor=actor,
            reason=reason,
            at=at,
        )

        return model_version_detail_approvals_item
