from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="RunCancelResponse200")


@_attrs_define
class RunCancelResponse200:
    id: UUID
    cancel_requested: bool

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        cancel_requested = self.cancel_requested

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "cancelRequested": cancel_requested,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        cancel_requested = d.pop("cancelRequested")

        run_cancel_response_200 = cls(
            id=id,
            cancel_requested=cancel_requested,
        )

        return run_cancel_response_200
