from typing import Literal

TriggerDetailsKind = Literal["data", "drift", "performance"]

TRIGGER_DETAILS_KIND_VALUES: set[TriggerDetailsKind] = {
    "data",
    "drift",
    "performance",
}


def check_trigger_details_kind(value: str) -> TriggerDetailsKind:
    if value in TRIGGER_DETAILS_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRIGGER_DETAILS_KIND_VALUES!r}"
    )
