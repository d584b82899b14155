from typing import Literal

PlanStepsItemGateItemOp = Literal["!=", "<", "<=", "==", ">", ">="]

PLAN_STEPS_ITEM_GATE_ITEM_OP_VALUES: set[PlanStepsItemGateItemOp] = {
    "!=",
    "<",
    "<=",
    "==",
    ">",
    ">=",
}


def check_plan_steps_item_gate_item_op(value: str) -> PlanStepsItemGateItemOp:
    if value in PLAN_STEPS_ITEM_GATE_ITEM_OP_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_GATE_ITEM_OP_VALUES!r}"
    )
