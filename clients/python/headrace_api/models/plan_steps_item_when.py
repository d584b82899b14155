from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.condition_compare import ConditionCompare
    from ..models.condition_literal import ConditionLiteral
    from ..models.condition_logic import ConditionLogic
    from ..models.condition_metric import ConditionMetric
    from ..models.condition_not import ConditionNot
    from ..models.condition_state import ConditionState


T = TypeVar("T", bound="PlanStepsItemWhen")


@_attrs_define
class PlanStepsItemWhen:
    source: str
    expr: (
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

        source = self.source

        expr: dict[str, Any]
        if (
            isinstance(self.expr, ConditionLiteral)
            or isinstance(self.expr, ConditionMetric)
            or isinstance(self.expr, ConditionState)
            or isinstance(self.expr, ConditionNot)
            or isinstance(self.expr, ConditionLogic)
        ):
            expr = self.expr.to_dict()
        else:
            expr = self.expr.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
                "expr": expr,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.condition_compare import ConditionCompare
        from ..models.condition_literal import ConditionLiteral
        from ..models.condition_logic import ConditionLogic
        from ..models.condition_metric import ConditionMetric
        from ..models.condition_not import ConditionNot
        from ..models.condition_state import ConditionState

        d = dict(src_dict)
        source = d.pop("source")

        def _parse_expr(
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

        expr = _parse_expr(d.pop("expr"))

        plan_steps_item_when = cls(
            source=source,
            expr=expr,
        )

        return plan_steps_item_when
