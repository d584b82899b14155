from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.pipeline_version_layout_type_0 import PipelineVersionLayoutType0
    from ..models.plan import Plan


T = TypeVar("T", bound="PipelineVersion")


@_attrs_define
class PipelineVersion:
    id: UUID
    pipeline_id: UUID
    version: int
    source: str
    source_hash: str
    plan: Plan
    origin: None | str
    layout: None | PipelineVersionLayoutType0
    author: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        from ..models.pipeline_version_layout_type_0 import PipelineVersionLayoutType0

        id = str(self.id)

        pipeline_id = str(self.pipeline_id)

        version = self.version

        source = self.source

        source_hash = self.source_hash

        plan = self.plan.to_dict()

        origin: None | str
        origin = self.origin

        layout: dict[str, Any] | None
        if isinstance(self.layout, PipelineVersionLayoutType0):
            layout = self.layout.to_dict()
        else:
            layout = self.layout

        author = self.author

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "pipelineId": pipeline_id,
                "version": version,
                "source": source,
                "sourceHash": source_hash,
                "plan": plan,
                "origin": origin,
                "layout": layout,
                "author": author,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pipeline_version_layout_type_0 import PipelineVersionLayoutType0
        from ..models.plan import Plan

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        pipeline_id = UUID(d.pop("pipelineId"))

        version = d.pop("version")

        source = d.pop("source")

        source_hash = d.pop("sourceHash")

        plan = Plan.from_dict(d.pop("plan"))

        def _parse_origin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        origin = _parse_origin(d.pop("origin"))

        def _parse_layout(data: object) -> None | PipelineVersionLayoutType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                layout_type_0 = PipelineVersionLayoutType0.from_dict(data)

                return layout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PipelineVersionLayoutType0, data)

        layout = _parse_layout(d.pop("layout"))

        author = d.pop("author")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        pipeline_version = cls(
            id=id,
            pipeline_id=pipeline_id,
            version=version,
            source=source,
            source_hash=source_hash,
            plan=plan,
            origin=origin,
            layout=layout,
            author=author,
            created_at=created_at,
        )

        return pipeline_version
