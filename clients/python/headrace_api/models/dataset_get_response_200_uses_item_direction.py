from typing import Literal

DatasetGetResponse200UsesItemDirection = Literal["read", "wrote"]

DATASET_GET_RESPONSE_200_USES_ITEM_DIRECTION_VALUES: set[
    DatasetGetResponse200UsesItemDirection
] = {
    "read",
    "wrote",
}


def check_dataset_get_response_200_uses_item_direction(
    value: str,
) -> DatasetGetResponse200UsesItemDirection:
    if value in DATASET_GET_RESPONSE_200_USES_ITEM_DIRECTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DATASET_GET_RESPONSE_200_USES_ITEM_DIRECTION_VALUES!r}"
    )
