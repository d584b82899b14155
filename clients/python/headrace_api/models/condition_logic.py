from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.condition_logic_kind import ConditionLogicKind, check_condition_logic_kind

if TYPE_CHECKING:
    from ..models.condition_compare import ConditionCompare
    from ..models.condition_literal import ConditionLiteral
    from ..models.condition_metric import ConditionMetric
    from ..models.condition_not import ConditionNot
    from ..models.condition_state import ConditionState


T = TypeVar("T", bound="ConditionLogic")


@_attrs_define
class ConditionLogic:
    kind: ConditionLogicKind
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
        from ..models.condition_metric import ConditionMetric
        from ..models.condition_not import ConditionNot
        from ..models.condition_state import ConditionState

        kind: str = self.kind

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
                "left": left,
                "right": right,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.condition_compare import ConditionCompare
        from ..models.condition_literal import ConditionLiteral
        from ..models.condition_metric import ConditionMetric
        from ..models.condition_not import ConditionNot
        from ..models.condition_state import ConditionState

        d = dict(src_dict)
        kind = check_condition_logic_kind(d.pop("kind"))

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

        condition_logic = cls(
            kind=kind,
            left=left,
            right=right,
        )

        return condition_logic
