from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.principal_role import PrincipalRole, check_principal_role
from ..models.principal_via import PrincipalVia, check_principal_via

T = TypeVar("T", bound="Principal")


@_attrs_define
class Principal:
    user_id: None | str
    username: str
    role: PrincipalRole
    via: PrincipalVia

    def to_dict(self) -> dict[str, Any]:
        user_id: None | str
        user_id = self.user_id

        username = self.username

        role: str = self.role

        via: str = self.via

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "userId": user_id,
                "username": username,
                "role": role,
                "via": via,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_id = _parse_user_id(d.pop("userId"))

        username = d.pop("username")

        role = check_principal_role(d.pop("role"))

        via = check_principal_via(d.pop("via"))

        principal = cls(
            user_id=user_id,
            username=username,
            role=role,
            via=via,
        )

        return principal
