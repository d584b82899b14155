from typing import Literal

ConditionCompareOp = Literal["!=", "<", "<=", "==", ">", ">="]

CONDITION_COMPARE_OP_VALUES: set[ConditionCompareOp] = {
    "!=",
    "<",
    "<=",
    "==",
    ">",
    ">=",
}


def check_condition_compare_op(value: str) -> ConditionCompareOp:
    if value in CONDITION_COMPARE_OP_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONDITION_COMPARE_OP_VALUES!r}"
    )
