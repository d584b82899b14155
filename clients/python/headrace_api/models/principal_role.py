from typing import Literal

PrincipalRole = Literal["admin", "editor", "viewer"]

PRINCIPAL_ROLE_VALUES: set[PrincipalRole] = {
    "admin",
    "editor",
    "viewer",
}


def check_principal_role(value: str) -> PrincipalRole:
    if value in PRINCIPAL_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRINCIPAL_ROLE_VALUES!r}"
    )
