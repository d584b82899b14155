from typing import Literal

VariantRole = Literal["canary", "primary", "shadow"]

VARIANT_ROLE_VALUES: set[VariantRole] = {
    "canary",
    "primary",
    "shadow",
}


def check_variant_role(value: str) -> VariantRole:
    if value in VARIANT_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VARIANT_ROLE_VALUES!r}"
    )
