from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_steps_item_mode import PlanStepsItemMode, check_plan_steps_item_mode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_steps_item_config import PlanStepsItemConfig
    from ..models.plan_steps_item_gate_item import PlanStepsItemGateItem
    from ..models.plan_steps_item_inputs import PlanStepsItemInputs
    from ..models.plan_steps_item_resources import PlanStepsItemResources
    from ..models.plan_steps_item_retry import PlanStepsItemRetry
    from ..models.plan_steps_item_sweep import PlanStepsItemSweep
    from ..models.plan_steps_item_trial import PlanStepsItemTrial
    from ..models.plan_steps_item_when import PlanStepsItemWhen


T = TypeVar("T", bound="PlanStepsItem")


@_attrs_define
class PlanStepsItem:
    id: str
    uses: str
    kind_version: int
    config: PlanStepsItemConfig
    inputs: PlanStepsItemInputs
    depends_on: list[str]
    gate: list[PlanStepsItemGateItem]
    task_queue: str
    timeout_seconds: float
    retry: PlanStepsItemRetry
    resources: PlanStepsItemResources
    mode: PlanStepsItemMode = "activity"
    heartbeat_seconds: float | Unset = UNSET
    when: PlanStepsItemWhen | Unset = UNSET
    cache: bool | Unset = UNSET
    sweep: PlanStepsItemSweep | Unset = UNSET
    trial: PlanStepsItemTrial | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        uses = self.uses

        mode: str = self.mode

        kind_version = self.kind_version

        config = self.config.to_dict()

        inputs = self.inputs.to_dict()

        depends_on = self.depends_on

        gate = []
        for gate_item_data in self.gate:
            gate_item = gate_item_data.to_dict()
            gate.append(gate_item)

        task_queue = self.task_queue

        timeout_seconds = self.timeout_seconds

        retry = self.retry.to_dict()

        resources = self.resources.to_dict()

        heartbeat_seconds = self.heartbeat_seconds

        when: dict[str, Any] | Unset = UNSET
        if not isinstance(self.when, Unset):
            when = self.when.to_dict()

        cache = self.cache

        sweep: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sweep, Unset):
            sweep = self.sweep.to_dict()

        trial: dict[str, Any] | Unset = UNSET
        if not isinstance(self.trial, Unset):
            trial = self.trial.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "uses": uses,
                "mode": mode,
                "kindVersion": kind_version,
                "config": config,
                "inputs": inputs,
                "dependsOn": depends_on,
                "gate": gate,
                "taskQueue": task_queue,
                "timeoutSeconds": timeout_seconds,
                "retry": retry,
                "resources": resources,
            }
        )
        if heartbeat_seconds is not UNSET:
            field_dict["heartbeatSeconds"] = heartbeat_seconds
        if when is not UNSET:
            field_dict["when"] = when
        if cache is not UNSET:
            field_dict["cache"] = cache
        if sweep is not UNSET:
            field_dict["sweep"] = sweep
        if trial is not UNSET:
            field_dict["trial"] = trial

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_steps_item_config import PlanStepsItemConfig
        from ..models.plan_steps_item_gate_item import PlanStepsItemGateItem
        from ..models.plan_steps_item_inputs import PlanStepsItemInputs
        from ..models.plan_steps_item_resources import PlanStepsItemResources
        from ..models.plan_steps_item_retry import PlanStepsItemRetry
        from ..models.plan_steps_item_sweep import PlanStepsItemSweep
        from ..models.plan_steps_item_trial import PlanStepsItemTrial
        from ..models.plan_steps_item_when import PlanStepsItemWhen

        d = dict(src_dict)
        id = d.pop("id")

        uses = d.pop("uses")

        mode = check_plan_steps_item_mode(d.pop("mode"))

        kind_version = d.pop("kindVersion")

        config = PlanStepsItemConfig.from_dict(d.pop("config"))

        inputs = PlanStepsItemInputs.from_dict(d.pop("inputs"))

        depends_on = cast(list[str], d.pop("dependsOn"))

        gate = []
        _gate = d.pop("gate")
        for gate_item_data in _gate:
            gate_item = PlanStepsItemGateItem.from_dict(gate_item_data)

            gate.append(gate_item)

        task_queue = d.pop("taskQueue")

        timeout_seconds = d.pop("timeoutSeconds")

        retry = PlanStepsItemRetry.from_dict(d.pop("retry"))

        resources = PlanStepsItemResources.from_dict(d.pop("resources"))

        heartbeat_seconds = d.pop("heartbeatSeconds", UNSET)

        _when = d.pop("when", UNSET)
        when: PlanStepsItemWhen | Unset
        if isinstance(_when, Unset):
            when = UNSET
        else:
            when = PlanStepsItemWhen.from_dict(_when)

        cache = d.pop("cache", UNSET)

        _sweep = d.pop("sweep", UNSET)
        sweep: PlanStepsItemSweep | Unset
        if isinstance(_sweep, Unset):
            sweep = UNSET
        else:
            sweep = PlanStepsItemSweep.from_dict(_sweep)

        _trial = d.pop("trial", UNSET)
        trial: PlanStepsItemTrial | Unset
        if isinstance(_trial, Unset):
            trial = UNSET
        else:
            trial = PlanStepsItemTrial.from_dict(_trial)

        plan_steps_item = cls(
            id=id,
            uses=uses,
            mode=mode,
            kind_version=kind_version,
            config=config,
            inputs=inputs,
            depends_on=depends_on,
            gate=gate,
            task_queue=task_queue,
            timeout_seconds=timeout_seconds,
            retry=retry,
            resources=resources,
            heartbeat_seconds=heartbeat_seconds,
            when=when,
            cache=cache,
            sweep=sweep,
            trial=trial,
        )

        return plan_steps_item
