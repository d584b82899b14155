from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.condition_compare import ConditionCompare
    from ..models.condition_literal import ConditionLiteral
    from ..models.condition_logic import ConditionLogic
    from ..models.condition_metric import ConditionMetric
    from ..models.condition_state import ConditionState


T = TypeVar("T", bound="ConditionNot")


@_attrs_define
class ConditionNot:
    kind: Literal["not"]
    arg: (
        ConditionCompare
        | ConditionLiteral
        | ConditionLogic
        | ConditionMetric
        | ConditionNot
        | ConditionState
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.condition_literal import ConditionLiteral
        from ..models.condition_logic import ConditionLogic
        from ..models.condition_metric import ConditionMetric
        from ..models.condition_state import ConditionState

        kind = self.kind

        arg: dict[str, Any]
        if (
            isinstance(self.arg, ConditionLiteral)
            or isinstance(self.arg, ConditionMetric)
            or isinstance(self.arg, ConditionState)
            or isinstance(self.arg, ConditionNot)
            or isinstance(self.arg, ConditionLogic)
        ):
            arg = self.arg.to_dict()
        else:
            arg = self.arg.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "arg": arg,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.condition_compare import ConditionCompare
        from ..models.condition_literal import ConditionLiteral
        from ..models.condition_logic import ConditionLogic
        from ..models.condition_metric import ConditionMetric
        from ..models.condition_state import ConditionState

        d = dict(src_dict)
        kind = cast(Literal["not"], d.pop("kind"))
        if kind != "not":
            raise ValueError(f"kind must match const 'not', got '{kind}'")

        def _parse_arg(
            data: object,
        ) -> (
            ConditionCompare
            | ConditionLiteral
            | ConditionLogic
            | ConditionMetric
            | ConditionNot
            | ConditionState
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_condition_type_0 = ConditionLiteral.from_dict(data)

                return componentsschemas_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_condition_type_1 = ConditionMetric.from_dict(data)

                return componentsschemas_condition_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_condition_type_2 = ConditionState.from_dict(data)

                return componentsschemas_condition_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_condition_type_3 = ConditionNot.from_dict(data)

                return componentsschemas_condition_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_condition_type_4 = ConditionLogic.from_dict(data)

                return componentsschemas_condition_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_condition_type_5 = ConditionCompare.from_dict(data)

            return componentsschemas_condition_type_5

        arg = _parse_arg(d.pop("arg"))

        condition_not = cls(
            kind=kind,
            arg=arg,
        )

        return condition_not
