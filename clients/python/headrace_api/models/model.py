from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.model_latest import ModelLatest


T = TypeVar("T", bound="Model")


@_attrs_define
class Model:
    id: UUID
    name: str
    description: None | str
    created_at: datetime.datetime
    version_count: int
    latest: ModelLatest

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        description: None | str
        description = self.description

        created_at = self.created_at.isoformat()

        version_count = self.version_count

        latest = self.latest.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "createdAt": created_at,
                "versionCount": version_count,
                "latest": latest,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_latest import ModelLatest

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        version_count = d.pop("versionCount")

        latest = ModelLatest.from_dict(d.pop("latest"))

        model = cls(
            id=id,
            name=name,
            description=description,
            created_at=created_at,
            version_count=version_count,
            latest=latest,
        )

        return model
