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

T = TypeVar("T", bound="ConditionLiteral")


@_attrs_define
class ConditionLiteral:
    kind: Literal["literal"]
    value: bool | float | None | str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        value: bool | float | None | str
        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = cast(Literal["literal"], d.pop("kind"))
        if kind != "literal":
            raise ValueError(f"kind must match const 'literal', got '{kind}'")

        def _parse_value(data: object) -> bool | float | None | str:
            if data is None:
                return data
            return cast(bool | float | None | str, data)

        value = _parse_value(d.pop("value"))

        condition_literal = cls(
            kind=kind,
            value=value,
        )

        return condition_literal
