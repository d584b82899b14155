from typing import Literal

RunListItemStatus = Literal["cancelled", "failed", "queued", "running", "succeeded"]

RUN_LIST_ITEM_STATUS_VALUES: set[RunListItemStatus] = {
    "cancelled",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_run_list_item_status(value: str) -> RunListItemStatus:
    if value in RUN_LIST_ITEM_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_LIST_ITEM_STATUS_VALUES!r}"
    )
