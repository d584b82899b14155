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

T = TypeVar("T", bound="ConditionState")


@_attrs_define
class ConditionState:
    kind: Literal["state"]
    step: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        step = self.step

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = cast(Literal["state"], d.pop("kind"))
        if kind != "state":
            raise ValueError(f"kind must match const 'state', got '{kind}'")

        step = d.pop("step")

        condition_state = cls(
            kind=kind,
            step=step,
        )

        return condition_state
