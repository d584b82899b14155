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

from ..models.condition_compare_op import ConditionCompareOp, check_condition_compare_op

if TYPE_CHECKING:
    from ..models.condition_literal import ConditionLiteral
    from ..models.condition_logic import ConditionLogic
    from ..models.condition_metric import ConditionMetric
    from ..models.condition_not import ConditionNot
    from ..models.condition_state import ConditionState


T = TypeVar("T", bound="ConditionCompare")


@_attrs_define
class ConditionCompare:
    kind: Literal["compare"]
    op: ConditionCompareOp
    left: (
        ConditionCompare
        | ConditionLiteral
        | ConditionLogic
        | ConditionMetric
        | ConditionNot
        | ConditionState
    )
    right: (
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
        from ..models.condition_not import ConditionNot
        from ..models.condition_state import ConditionState

        kind = self.kind

        op: str = self.op

        left: dict[str, Any]
        if (
            isinstance(self.left, ConditionLiteral)
            or isinstance(self.left, ConditionMetric)
            or isinstance(self.left, ConditionState)
            or isinstance(self.left, ConditionNot)
            or isinstance(self.left, ConditionLogic)
        ):
            left = self.left.to_dict()
        else:
            left = self.left.to_dict()

        right: dict[str, Any]
        if (
            isinstance(self.right, ConditionLiteral)
            or isinstance(self.right, ConditionMetric)
            or isinstance(self.right, ConditionState)
            or isinstance(self.right, ConditionNot)
            or isinstance(self.right, ConditionLogic)
        ):
            right = self.right.to_dict()
        else:
            right = self.right.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "op": op,
                "left": left,
                "right": right,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.condition_literal import ConditionLiteral
        from ..models.condition_logic import ConditionLogic
        from ..models.condition_metric import ConditionMetric
        from ..models.condition_not import ConditionNot
        from ..models.condition_state import ConditionState

        d = dict(src_dict)
        kind = cast(Literal["compare"], d.pop("kind"))
        if kind != "compare":
            raise ValueError(f"kind must match const 'compare', got '{kind}'")

        op = check_condition_compare_op(d.pop("op"))

        def _parse_left(
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

        left = _parse_left(d.pop("left"))

        def _parse_right(
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

        right = _parse_right(d.pop("right"))

        condition_compare = cls(
            kind=kind,
            op=op,
            left=left,
            right=right,
        )

        return condition_compare
