from typing import Literal

ConditionLogicKind = Literal["and", "or"]

CONDITION_LOGIC_KIND_VALUES: set[ConditionLogicKind] = {
    "and",
    "or",
}


def check_condition_logic_kind(value: str) -> ConditionLogicKind:
    if value in CONDITION_LOGIC_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONDITION_LOGIC_KIND_VALUES!r}"
    )
