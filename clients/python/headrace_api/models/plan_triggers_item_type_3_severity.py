from typing import Literal

PlanTriggersItemType3Severity = Literal["critical", "warning"]

PLAN_TRIGGERS_ITEM_TYPE_3_SEVERITY_VALUES: set[PlanTriggersItemType3Severity] = {
    "critical",
    "warning",
}


def check_plan_triggers_item_type_3_severity(
    value: str,
) -> PlanTriggersItemType3Severity:
    if value in PLAN_TRIGGERS_ITEM_TYPE_3_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_TRIGGERS_ITEM_TYPE_3_SEVERITY_VALUES!r}"
    )
