from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_monitor import PlanMonitor
    from ..models.plan_params import PlanParams
    from ..models.plan_steps_item import PlanStepsItem
    from ..models.plan_triggers_item_type_0 import PlanTriggersItemType0
    from ..models.plan_triggers_item_type_1 import PlanTriggersItemType1
    from ..models.plan_triggers_item_type_2_type_0 import PlanTriggersItemType2Type0
    from ..models.plan_triggers_item_type_2_type_1 import PlanTriggersItemType2Type1
    from ..models.plan_triggers_item_type_3 import PlanTriggersItemType3
    from ..models.plan_triggers_item_type_4 import PlanTriggersItemType4


T = TypeVar("T", bound="Plan")


@_attrs_define
class Plan:
    plan_version: Literal[1]
    pipeline: str
    source_hash: str
    params: PlanParams
    steps: list[PlanStepsItem]
    description: str | Unset = UNSET
    base_dir: str | Unset = UNSET
    triggers: (
        list[
            PlanTriggersItemType0
            | PlanTriggersItemType1
            | PlanTriggersItemType2Type0
            | PlanTriggersItemType2Type1
            | PlanTriggersItemType3
            | PlanTriggersItemType4
        ]
        | Unset
    ) = UNSET
    cooldown_seconds: float | Unset = UNSET
    monitor: PlanMonitor | Unset = UNSET
    """ A monitor: one endpoint watched window by window against its model's training profile """

    def to_dict(self) -> dict[str, Any]:
        from ..models.plan_triggers_item_type_0 import PlanTriggersItemType0
        from ..models.plan_triggers_item_type_1 import PlanTriggersItemType1
        from ..models.plan_triggers_item_type_2_type_0 import PlanTriggersItemType2Type0
        from ..models.plan_triggers_item_type_2_type_1 import PlanTriggersItemType2Type1
        from ..models.plan_triggers_item_type_3 import PlanTriggersItemType3

        plan_version = self.plan_version

        pipeline = self.pipeline

        source_hash = self.source_hash

        params = self.params.to_dict()

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        description = self.description

        base_dir = self.base_dir

        triggers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.triggers, Unset):
            triggers = []
            for triggers_item_data in self.triggers:
                triggers_item: dict[str, Any]
                if (
                    isinstance(triggers_item_data, PlanTriggersItemType0)
                    or isinstance(triggers_item_data, PlanTriggersItemType1)
                    or isinstance(triggers_item_data, PlanTriggersItemType2Type0)
                    or isinstance(triggers_item_data, PlanTriggersItemType2Type1)
                    or isinstance(triggers_item_data, PlanTriggersItemType3)
                ):
                    triggers_item = triggers_item_data.to_dict()
                else:
                    triggers_item = triggers_item_data.to_dict()

                triggers.append(triggers_item)

        cooldown_seconds = self.cooldown_seconds

        monitor: dict[str, Any] | Unset = UNSET
        if not isinstance(self.monitor, Unset):
            monitor = self.monitor.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "planVersion": plan_version,
                "pipeline": pipeline,
                "sourceHash": source_hash,
                "params": params,
                "steps": steps,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if base_dir is not UNSET:
            field_dict["baseDir"] = base_dir
        if triggers is not UNSET:
            field_dict["triggers"] = triggers
        if cooldown_seconds is not UNSET:
            field_dict["cooldownSeconds"] = cooldown_seconds
        if monitor is not UNSET:
            field_dict["monitor"] = monitor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor import PlanMonitor
        from ..models.plan_params import PlanParams
        from ..models.plan_steps_item import PlanStepsItem
        from ..models.plan_triggers_item_type_0 import PlanTriggersItemType0
        from ..models.plan_triggers_item_type_1 import PlanTriggersItemType1
        from ..models.plan_triggers_item_type_2_type_0 import PlanTriggersItemType2Type0
        from ..models.plan_triggers_item_type_2_type_1 import PlanTriggersItemType2Type1
        from ..models.plan_triggers_item_type_3 import PlanTriggersItemType3
        from ..models.plan_triggers_item_type_4 import PlanTriggersItemType4

        d = dict(src_dict)
        plan_version = cast(Literal[1], d.pop("planVersion"))
        if plan_version != 1:
            raise ValueError(f"planVersion must match const 1, got '{plan_version}'")

        pipeline = d.pop("pipeline")

        source_hash = d.pop("sourceHash")

        params = PlanParams.from_dict(d.pop("params"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = PlanStepsItem.from_dict(steps_item_data)

            steps.append(steps_item)

        description = d.pop("description", UNSET)

        base_dir = d.pop("baseDir", UNSET)

        _triggers = d.pop("triggers", UNSET)
        triggers: (
            list[
                PlanTriggersItemType0
                | PlanTriggersItemType1
                | PlanTriggersItemType2Type0
                | PlanTriggersItemType2Type1
                | PlanTriggersItemType3
                | PlanTriggersItemType4
            ]
            | Unset
        ) = UNSET
        if _triggers is not UNSET:
            triggers = []
            for triggers_item_data in _triggers:

                def _parse_triggers_item(
                    data: object,
                ) -> (
                    PlanTriggersItemType0
                    | PlanTriggersItemType1
                    | PlanTriggersItemType2Type0
                    | PlanTriggersItemType2Type1
                    | PlanTriggersItemType3
                    | PlanTriggersItemType4
                ):
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        triggers_item_type_0 = PlanTriggersItemType0.from_dict(data)

                        return triggers_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        triggers_item_type_1 = PlanTriggersItemType1.from_dict(data)

                        return triggers_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        triggers_item_type_2_type_0 = (
                            PlanTriggersItemType2Type0.from_dict(data)
                        )

                        return triggers_item_type_2_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        triggers_item_type_2_type_1 = (
                            PlanTriggersItemType2Type1.from_dict(data)
                        )

                        return triggers_item_type_2_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        triggers_item_type_3 = PlanTriggersItemType3.from_dict(data)

                        return triggers_item_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    triggers_item_type_4 = PlanTriggersItemType4.from_dict(data)

                    return triggers_item_type_4

                triggers_item = _parse_triggers_item(triggers_item_data)

                triggers.append(triggers_item)

        cooldown_seconds = d.pop("cooldownSeconds", UNSET)

        _monitor = d.pop("monitor", UNSET)
        monitor: PlanMonitor | Unset
        if isinstance(_monitor, Unset):
            monitor = UNSET
        else:
            monitor = PlanMonitor.from_dict(_monitor)

        plan = cls(
            plan_version=plan_version,
            pipeline=pipeline,
            source_hash=source_hash,
            params=params,
            steps=steps,
            description=description,
            base_dir=base_dir,
            triggers=triggers,
            cooldown_seconds=cooldown_seconds,
            monitor=monitor,
        )

        return plan
