from typing import Literal

DeclaredScheduleOverlap = Literal["allow", "buffer", "skip"]

DECLARED_SCHEDULE_OVERLAP_VALUES: set[DeclaredScheduleOverlap] = {
    "allow",
    "buffer",
    "skip",
}


def check_declared_schedule_overlap(value: str) -> DeclaredScheduleOverlap:
    if value in DECLARED_SCHEDULE_OVERLAP_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DECLARED_SCHEDULE_OVERLAP_VALUES!r}"
    )
