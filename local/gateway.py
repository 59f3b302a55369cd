"""Chalice's LocalGateway with the real client address and the project's config."""

import json
from pathlib import Path
from typing import Any

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import LambdaEventConverter, LocalGateway


class ClientAddressConverter(LambdaEventConverter):
    """Puts the caller's address into requestContext.identity.sourceIp (Chalice's own says 127.0.0.1).

    Set `source_ip` before each request; callers serialise requests (Chalice's current_request is global).
    """

    source_ip = "127.0.0.1"

    def create_lambda_event(self, *args: Any, **kwargs: Any) -> Any:
        event = super().create_lambda_event(*args, **kwargs)
        event["requestContext"]["identity"]["sourceIp"] = self.source_ip
        return event

    @classmethod
    def replace_in(cls, gateway: LocalGateway) -> "ClientAddressConverter":
        original = gateway.event_converter
        converter = cls(original._route_matcher, original._binary_types)
        gateway.event_converter = converter
        return converter


def local_config(app: Chalice, project_dir: Path) -> Config:
    """The dev stage of .chalice/config.json, as `chalice local` reads it."""
    config_file = project_dir / ".chalice" / "config.json"
    return Config(
        chalice_stage="dev",
        config_from_disk=json.loads(config_file.read_text(encoding="utf-8")),
        user_provided_params={"project_dir": str(project_dir), "chalice_app": app},
    )
