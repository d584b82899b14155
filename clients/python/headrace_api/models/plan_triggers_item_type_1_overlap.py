from typing import Literal

PlanTriggersItemType1Overlap = Literal["allow", "buffer", "skip"]

PLAN_TRIGGERS_ITEM_TYPE_1_OVERLAP_VALUES: set[PlanTriggersItemType1Overlap] = {
    "allow",
    "buffer",
    "skip",
}


def check_plan_triggers_item_type_1_overlap(value: str) -> PlanTriggersItemType1Overlap:
    if value in PLAN_TRIGGERS_ITEM_TYPE_1_OVERLAP_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_TRIGGERS_ITEM_TYPE_1_OVERLAP_VALUES!r}"
    )
