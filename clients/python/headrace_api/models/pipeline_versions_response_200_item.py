from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PipelineVersionsResponse200Item")


@_attrs_define
class PipelineVersionsResponse200Item:
    version: int
    author: str
    created_at: datetime.datetime
    source_hash: str
    origin: None | str

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        author = self.author

        created_at = self.created_at.isoformat()

        source_hash = self.source_hash

        origin: None | str
        origin = self.origin

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "author": author,
                "createdAt": created_at,
                "sourceHash": source_hash,
                "origin": origin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        version = d.pop("version")

        author = d.pop("author")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        source_hash = d.pop("sourceHash")

        def _parse_origin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        origin = _parse_origin(d.pop("origin"))

        pipeline_versions_response_200_item = cls(
            version=version,
            author=author,
            created_at=created_at,
            source_hash=source_hash,
            origin=origin,
        )

        return pipeline_versions_response_200_item
