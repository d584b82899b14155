from typing import Literal

VariantStage = Literal["archived", "none", "production", "staging"]

VARIANT_STAGE_VALUES: set[VariantStage] = {
    "archived",
    "none",
    "production",
    "staging",
}


def check_variant_stage(value: str) -> VariantStage:
    if value in VARIANT_STAGE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VARIANT_STAGE_VALUES!r}"
    )
