"""Chalice's LocalGateway with the real client address and the project's config."""

import json
import threading
from pathlib import Path
from typing import Any

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import LocalGateway


class ClientAddressGateway(LocalGateway):
    """Puts the caller's address into requestContext.identity.sourceIp (Chalice's own says 127.0.0.1).

    Safe for parallel requests: the address travels with the call (`handle_request_from`) and is kept
    per thread while Chalice builds that request's event.
    """

    def __init__(self, app_object: Chalice, config: Config) -> None:
        super().__init__(app_object, config)
        self._caller = threading.local()

    def handle_request_from(
        self, source_ip: str, *, method: str, path: str, headers: dict[str, str], body: bytes | None
    ) -> Any:
        self._caller.source_ip = source_ip
        try:
            return self.handle_request(method=method, path=path, headers=headers, body=body)
        finally:
            del self._caller.source_ip

    def _generate_lambda_event(self, *args: Any, **kwargs: Any) -> Any:
        event = super()._generate_lambda_event(*args, **kwargs)
        event["requestContext"]["identity"]["sourceIp"] = getattr(self._caller, "source_ip", "127.0.0.1")
        return event


def local_config(app: Chalice, project_dir: Path) -> Config:
    """The dev stage of .chalice/config.json, as `chalice local` reads it."""
    config_file = project_dir / ".chalice" / "config.json"
    return Config(
        chalice_stage="dev",
        config_from_disk=json.loads(config_file.read_text(encoding="utf-8")),
        user_provided_params={"project_dir": str(project_dir), "chalice_app": app},
    )
