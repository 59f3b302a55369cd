"""`make run`: the built site and the API on one origin, AWS embedded as a moto server with demo data.

    python -m local.devserver [--port 8000] [--site-dir site] [--env-file .local/stack.env]

http://127.0.0.1:<port>/api/* goes to the Chalice app in this process, everything else to the built
site. Local-only extras: GET /_dev/mail (JSON), GET /_dev/mail/ (HTML page), POST /_dev/reset,
/_dev/s3/<bucket> (the embedded S3 on the site's origin: attachment uploads by form POST, downloads by
presigned GET) and POST /_dev/inbound (an incoming mail, as SES hands it to the ticket function).

Requests are served in parallel, as Lambda runs many copies at once; every response carries the
security headers of CloudFront's SecurityHeadersPolicy, read from infra/template.yaml.
"""

import argparse
import base64
import gzip
import importlib
import mimetypes
import os
import re
import shlex
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORTAL_DIR = ROOT / "functions" / "portal"
REGION = "eu-central-1"
DEMO_LOGIN = ("demo@example.com", "100001")
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"
TEMPLATE = ROOT / "infra" / "template.yaml"
SECURITY_HEADERS_POLICY = "SecurityHeadersPolicy"

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/json", ".map")
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")

Environ = dict[str, Any]
Header = tuple[str, str, bool]  # name, value, override (replace a header the app set itself)


def security_headers(template: Path = TEMPLATE, resource: str = SECURITY_HEADERS_POLICY) -> list[Header]:
    """The HTTP headers CloudFront adds for the template's response headers policy.

    Unknown parts of the policy (CORS, header removal, ...) raise, so the local stack never silently
    sends less than production does.
    """
    import yaml

    resources = yaml.safe_load(template.read_text(encoding="utf-8"))["Resources"]
    config = resources[resource]["Properties"]["ResponseHeadersPolicyConfig"]
    unknown = set(config) - {"Name", "Comment", "SecurityHeadersConfig", "CustomHeadersConfig"}
    if unknown:
        raise ValueError(f"{resource}: the local stack does not translate {sorted(unknown)}")
    headers: list[Header] = []
    for kind, setting in config.get("SecurityHeadersConfig", {}).items():
        override = bool(setting["Override"])
        if kind == "StrictTransportSecurity":
            value = f"max-age={int(setting['AccessControlMaxAgeSec'])}"
            value += "; includeSubDomains" if setting.get("IncludeSubdomains") else ""
            value += "; preload" if setting.get("Preload") else ""
            headers.append(("Strict-Transport-Security", value, override))
        elif kind == "ContentTypeOptions":
            headers.append(("X-Content-Type-Options", "nosniff", override))
        elif kind == "FrameOptions":
            headers.append(("X-Frame-Options", str(setting["FrameOption"]), override))
        elif kind == "ReferrerPolicy":
            headers.append(("Referrer-Policy", str(setting["ReferrerPolicy"]), override))
        elif kind == "ContentSecurityPolicy":
            headers.append(("Content-Security-Policy", str(setting["ContentSecurityPolicy"]), override))
        elif kind == "XSSProtection":
            value = "1" if setting["Protection"] else "0"
            value += "; mode=block" if setting["Protection"] and setting.get("ModeBlock") else ""
            value += (
                f"; report={setting['ReportUri']}" if setting["Protection"] and "ReportUri" in setting else ""
            )
            headers.append(("X-XSS-Protection", value, override))
        else:
            raise ValueError(f"{resource}: the local stack does not translate SecurityHeadersConfig.{kind}")
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        headers.append((str(item["Header"]), str(item["Value"]), bool(item["Override"])))
    return headers


def with_inline_script_hashes(headers: list[Header], site_dir: Path) -> list[Header]:
    """The CSP with the hashes of the site's inline scripts, as infra/package.py puts them in production."""
    from infra.package import inline_script_hashes, with_script_hashes

    hashes = inline_script_hashes(site_dir)
    return [
        (name, with_script_hashes(value, hashes) if name == "Content-Security-Policy" else value, override)
        for name, value, override in headers
    ]


def local_security_headers(headers: list[Header]) -> list[Header]:
    """What the local stack sends: all but HSTS.

    The stack runs on plain http, where browsers ignore Strict-Transport-Security anyway (RFC 6797
    8.1); sent over https on 127.0.0.1 it would pin every local port to https for up to two years.
    """
    return [header for header in headers if header[0].lower() != "strict-transport-security"]


def with_headers(headers: list[Header], start_response: Any) -> Any:
    """start_response that adds `headers` the way CloudFront does (override or only when missing)."""

    def add_headers(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        for name, value, override in headers:
            present = any(existing.lower() == name.lower() for existing, _ in response_headers)
            if present and override:
                response_headers = [item for item in response_headers if item[0].lower() != name.lower()]
            if override or not present:
                response_headers.append((name, value))
        return start_response(status, response_headers, exc_info)

    return add_headers


class RequestsOrReset:
    """Any number of API requests at once, or one reset alone; a waiting reset holds back new requests."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._requests = 0
        self._resets_waiting = 0
        self._resetting = False

    @contextmanager
    def request(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._resetting and not self._resets_waiting)
            self._requests += 1
        try:
            yield
        finally:
            with self._changed:
                self._requests -= 1
                self._changed.notify_all()

    @contextmanager
    def reset(self) -> Iterator[None]:
        with self._changed:
            self._resets_waiting += 1
            self._changed.wait_for(lambda: not self._resetting and not self._requests)
            self._resets_waiting -= 1
            self._resetting = True
        try:
            yield
        finally:
            with self._changed:
                self._resetting = False
                self._changed.notify_all()


class OneAwsCallAtATime:
    """Moto's WSGI app, one call at a time (the server stays threaded for keep-alive connections).

    Moto checks a DynamoDB condition and then writes without a lock: two parallel conditional
    updates can both pass. DynamoDB applies each item write atomically; holding every AWS call
    exclusive keeps that promise locally, while API requests still interleave between their calls.
    """

    def __init__(self, app: Callable[[Environ, Any], Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        with self._lock:
            return list(self._app(environ, start_response))


def stack_environment(*, endpoint_url: str, site_origin: str) -> dict[str, str]:
    """The variables the API needs to run against the embedded AWS (also written to stack.env)."""
    return {
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "KC_TABLE_PREFIX": "kc-local-",
        "KC_SITE_ORIGIN": site_origin,
        "KC_MAIL_FROM": "unicorn 2 Kundencenter <kundencenter@unicorn2.example>",
        "KC_INVOICE_BUCKET": "kc-local-invoices",
        "KC_TICKET_BUCKET": "kc-local-tickets",
        "KC_SUPPORT_ADDRESS": "support@unicorn2.example",
        "KC_AUTH_RESPONSE_FLOOR_MS": "300",
        "KC_LOCAL_DEV": "1",
        "KC_ORIGIN_SECRET_ID": "",
        "KC_DOCUMENTS_FUNCTION": "",
        "KC_PASSWORD_HASH_PROFILE": "owasp",
        "KC_STACK_URL": site_origin,
    }


def write_env_file(path: Path, variables: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by `python -m local.devserver` while it runs; removed when it stops.",
        "# Usage: source .local/stack.env && cd functions/portal && "
        "../../.venv/bin/chalice local --no-autoreload --port 8001",
        f"export KC_STACK_PID={os.getpid()}",
    ]
    lines += [f"export {name}={shlex.quote(value)}" for name, value in variables.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Stack:
    """The WSGI application: API in-process, the built site, the /_dev endpoints."""

    def __init__(self, site_dir: Path) -> None:
        # Imported only now: settings and PynamoDB table names are read at import.
        from app import app
        from local.gateway import ClientAddressGateway, local_config
        from local.seed import SeededState

        self.site_dir = site_dir.resolve()
        # PortalApp keeps the current request per thread: API calls run in parallel, as on Lambda.
        self.gateway = ClientAddressGateway(app, local_config(app, PORTAL_DIR))
        self.requests_or_reset = RequestsOrReset()
        self.seeded = SeededState()  # a reset restores the state right after the seed (milliseconds)

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        from werkzeug.wrappers import Request

        request = Request(environ)
        path = request.path
        if path == "/api" or path.startswith("/api/"):
            response = self.api(request)
        elif path in ("/_dev/mail", "/_dev/mail/"):
            response = self.mail(request)
        elif path == "/_dev/reset":
            response = self.reset(request)
        elif path.startswith("/_dev/s3/"):
            response = self.s3(request)
        elif path == "/_dev/inbound":
            response = self.inbound(request)
        else:
            response = self.static(request)
        return response(environ, start_response)  # type: ignore[no-any-return]

    # API

    def api(self, request: Any) -> Any:
        from chalice.local import LocalGatewayException
        from werkzeug.wrappers import Response

        raw_uri = request.environ.get("RAW_URI") or request.full_path
        path = raw_uri if raw_uri.startswith("/") else request.full_path
        if path.endswith("?"):
            path = path[:-1]
        headers = dict(request.headers.items())
        body = request.get_data() or None
        with self.requests_or_reset.request():
            try:
                result = self.gateway.handle_request_from(
                    request.remote_addr or "127.0.0.1",
                    method=request.method,
                    path=path,
                    headers=headers,
                    body=body,
                )
            except LocalGatewayException as error:
                return Response(error.body or b"", status=error.CODE, headers=dict(error.headers))
        response_headers: list[tuple[str, str]] = []
        for name, value in {**result.get("headers", {}), **result.get("multiValueHeaders", {})}.items():
            for item in value if isinstance(value, list) else [value]:
                response_headers.append((name, str(item)))
        if not any(name.lower() == "content-type" for name, _ in response_headers):
            response_headers.append(("Content-Type", "application/json"))
        payload = result.get("body")
        if payload is None:
            data = b""
        elif result.get("isBase64Encoded"):
            data = base64.b64decode(payload)
        else:
            data = payload if isinstance(payload, bytes) else str(payload).encode("utf-8")
        return Response(data, status=result["statusCode"], headers=response_headers)

    # Local-only extras

    def mail(self, request: Any) -> Any:
        from werkzeug.wrappers import Response

        from local.mailbox import list_mails, render_mail_page

        if request.method not in ("GET", "HEAD"):
            return _method_not_allowed("GET")
        mails = list_mails(REGION)
        if request.path.endswith("/"):
            return Response(
                render_mail_page(mails), content_type="text/html; charset=utf-8", headers=_NO_STORE
            )
        return _json(mails)

    def reset(self, request: Any) -> Any:
        from werkzeug.wrappers import Response

        from local.seed import reset_stack

        if request.method != "POST":
            return _method_not_allowed("POST")
        origin = request.headers.get("Origin")
        if origin is not None and origin != request.host_url.rstrip("/"):
            # Another site in the developer's browser must not wipe the local data.
            return Response("Nur von dieser Adresse aus erlaubt", status=403, content_type="text/plain")
        with self.requests_or_reset.reset():
            reset_stack(seeded=self.seeded)
        return Response(status=204)

    def s3(self, request: Any) -> Any:
        """The embedded S3 on the site's origin (the page's CSP allows no other): a browser's form POST
        to `/_dev/s3/<bucket>` (a presigned POST) and a presigned GET of `/_dev/s3/<bucket>/<key>`.

        moto stores a form POST without looking at its policy; the policy's conditions (expiry, fields,
        content-length-range) are checked here first, with S3's answers, so the local stack takes no
        upload that S3 would refuse.
        """
        from werkzeug.wrappers import Response

        bucket, _, key = request.path[len("/_dev/s3/") :].partition("/")
        if not bucket:
            return _s3_error(404, "NoSuchBucket", "The specified bucket does not exist")
        if request.method == "POST" and not key:
            length = request.content_length
            if length is None:
                return _s3_error(
                    411, "MissingContentLength", "You must provide the Content-Length HTTP header."
                )
            if length > S3_FORM_LIMIT:
                response = _s3_error(
                    413, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
                )
                response.headers["Connection"] = "close"  # the body stays unread
                return response
            data = request.get_data(cache=True)
            problem = s3_policy_problem(request.form, request.files, bucket=bucket)
            if problem is not None:
                return problem
            forwarded = {
                "Content-Type": request.headers.get("Content-Type", ""),
                "Content-Length": str(len(data)),
            }
            with self.requests_or_reset.request():
                status, headers, body = _forward("POST", f"/{bucket}", forwarded, data)
        elif request.method in ("GET", "HEAD") and key:
            query = request.query_string.decode("latin-1")
            target = f"/{bucket}/{key}" + (f"?{query}" if query else "")
            forwarded = {name: value for name, value in request.headers.items() if name.lower() == "range"}
            with self.requests_or_reset.request():
                status, headers, body = _forward(request.method, target, forwarded, None)
        else:
            return _method_not_allowed("POST" if not key else "GET, HEAD")
        kept = [(name, value) for name, value in headers if name.lower() in S3_ANSWER_HEADERS]
        return Response(body, status=status, headers=kept)

    def inbound(self, request: Any) -> Any:
        """An incoming mail (`Content-Type: message/rfc822`), handled as the ticket function handles the
        mails SES stores: answers `{"result", "ticket_id"}`."""
        if request.method != "POST":
            return _method_not_allowed("POST")
        origin = request.headers.get("Origin")
        if origin is not None and origin != request.host_url.rstrip("/"):
            return _json({"Message": "Nur von dieser Adresse aus erlaubt."}, status=403)
        if request.mimetype != "message/rfc822":
            return _json(
                {"Message": "Bitte senden Sie die E-Mail mit Content-Type: message/rfc822."}, status=415
            )
        length = request.content_length
        if length is not None and length > INBOUND_LIMIT:
            response = _json(
                {"Message": "Die E-Mail ist größer als 10 MB und wird nicht angenommen."}, status=400
            )
            response.headers["Connection"] = "close"
            return response
        raw = request.stream.read(INBOUND_LIMIT + 1)
        if len(raw) > INBOUND_LIMIT:
            return _json(
                {"Message": "Die E-Mail ist größer als 10 MB und wird nicht angenommen."}, status=400
            )
        if not raw.strip():
            return _json({"Message": "Die E-Mail ist leer."}, status=400)
        try:
            # The ticket domain's, imported on the first mail (the stack also runs without it).
            inbound = importlib.import_module("chalicelib.tickets.inbound")
        except ModuleNotFoundError as missing:
            if missing.name != "chalicelib.tickets.inbound":
                raise
            return _json(
                {"Message": "Eingehende E-Mails werden in diesem Stand noch nicht verarbeitet."}, status=501
            )
        with self.requests_or_reset.request():
            outcome = inbound.receive(raw)
        return _json({"result": outcome.result, "ticket_id": outcome.ticket_id})

    # The built site

    def static(self, request: Any) -> Any:
        from werkzeug.utils import redirect
        from werkzeug.wrappers import Response

        if request.method not in ("GET", "HEAD"):
            return _method_not_allowed("GET, HEAD")
        target = self._resolve(request.path)
        if target is not None and target.is_dir():
            if not request.path.endswith("/"):
                query = request.query_string.decode("latin-1")
                return redirect(request.path + "/" + (f"?{query}" if query else ""), code=301)
            target = target / "index.html"
        status = 200
        if target is None or not target.is_file():
            target, status = self.site_dir / "404.html", 404
            if not target.is_file():
                return Response("Nicht gefunden", status=404, content_type="text/plain; charset=utf-8")
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
            content_type += "; charset=utf-8"
        cache = "no-store" if target.suffix == ".html" else "no-cache"
        data = target.read_bytes()
        if target.name == "sitemap.xml":
            # Material's instant navigation only follows URLs listed here, port included: the site is
            # built for site_url http://127.0.0.1:8000/, so list them on the port this stack runs on.
            origin = request.host_url.rstrip("/").encode()
            data = re.sub(rb"<loc>https?://[^/<]+", b"<loc>" + origin, data)
        headers = {"Cache-Control": cache}
        # Compressed as CloudFront does (Compress: true in infra/template.yaml): text from 1,000 bytes on.
        compressible = content_type.startswith(("text/", "application/json", "application/xml", "image/svg"))
        if compressible and len(data) >= 1000 and "gzip" in request.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, compresslevel=6)
            headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return Response(data, status=status, content_type=content_type, headers=headers)

    def _resolve(self, url_path: str) -> Path | None:
        """The file or directory under site_dir for a URL path; None for anything outside it."""
        relative = url_path.lstrip("/")
        candidate = (self.site_dir / relative).resolve()
        if candidate != self.site_dir and self.site_dir not in candidate.parents:
            return None
        return candidate if candidate.exists() else None


_NO_STORE = {"Cache-Control": "no-store"}
# An attachment's form: the file (10 MB, chalicelib.tickets.attachments.MAX_BYTES) and its fields.
S3_FORM_LIMIT = 10 * 1024 * 1024 + 64 * 1024
INBOUND_LIMIT = 10 * 1024 * 1024
S3_ANSWER_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-disposition",
        "content-range",
        "etag",
        "last-modified",
        "location",
    }
)
# Form fields S3 does not check against the policy (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html).
_UNCHECKED_FIELDS = frozenset({"file", "policy", "x-amz-signature", "awsaccesskeyid", "signature"})


def _s3_error(status: int, code: str, message: str) -> Any:
    from html import escape

    from werkzeug.wrappers import Response

    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
    )
    return Response(body, status=status, content_type="application/xml")


def s3_policy_problem(form: Any, files: Any, *, bucket: str) -> Any:
    """S3's answer to a browser POST its policy refuses, or None when S3 would take it."""
    import base64
    import binascii
    import json
    from datetime import UTC, datetime

    def denied(reason: str) -> Any:
        return _s3_error(403, "AccessDenied", f"Invalid according to Policy: {reason}")

    upload = files.get("file")
    if upload is None:
        return _s3_error(400, "InvalidArgument", "POST requires exactly one file upload per request.")
    try:
        policy = json.loads(base64.b64decode(form.get("policy", ""), validate=True))
        expiration = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00"))
        conditions = list(policy["conditions"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        return _s3_error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
    if expiration <= datetime.now(UTC):
        return denied("Policy expired.")
    fields = {name.lower(): value for name, value in form.items()}
    fields["bucket"] = bucket
    checked = {"bucket"}
    size = len(upload.read())
    for condition in conditions:
        if isinstance(condition, dict):
            for name, expected in condition.items():
                checked.add(name.lower())
                if fields.get(name.lower()) != expected:
                    return denied(f'Policy Condition failed: ["eq", "${name}", "{expected}"]')
        elif isinstance(condition, list) and condition and condition[0] == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if size < low:
                return _s3_error(
                    400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size"
                )
            if size > high:
                return _s3_error(
                    400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
                )
        elif isinstance(condition, list) and len(condition) == 3 and str(condition[1]).startswith("$"):
            operator, name, expected = (
                str(condition[0]).lower(),
                str(condition[1])[1:].lower(),
                str(condition[2]),
            )
            checked.add(name)
            value = fields.get(name, "")
            if (operator == "eq" and value != expected) or (
                operator == "starts-with" and not value.startswith(expected)
            ):
                return denied(f"Policy Condition failed: {json.dumps(condition)}")
    extra = sorted(
        name
        for name in fields
        if name not in checked and name not in _UNCHECKED_FIELDS and not name.startswith("x-ignore-")
    )
    if extra:
        return denied(f"Extra input fields: {', '.join(extra)}")
    return None


def _forward(
    method: str, target: str, headers: dict[str, str], body: bytes | None
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request to the embedded S3 (loopback, never through a proxy): status, headers, body."""
    import http.client
    from urllib.parse import urlsplit

    endpoint = urlsplit(os.environ["AWS_ENDPOINT_URL"])
    connection = http.client.HTTPConnection(endpoint.hostname or "127.0.0.1", endpoint.port, timeout=60)
    try:
        connection.request(method, target, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.getheaders(), answer.read()
    finally:
        connection.close()


def _json(data: Any, status: int = 200) -> Any:
    import json

    from werkzeug.wrappers import Response

    return Response(
        json.dumps(data, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
        headers=_NO_STORE,
    )


def _method_not_allowed(allowed: str) -> Any:
    from werkzeug.wrappers import Response

    return Response(
        "Methode nicht erlaubt", status=405, headers={"Allow": allowed}, content_type="text/plain"
    )


def _quiet(*args: Any, **kwargs: Any) -> None:
    pass


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.devserver", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--env-file", type=Path, default=DEFAULT_ENV_FILE)
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(
            f"Kein gebautes Site-Verzeichnis in {args.site_dir}: erst `make site` ausführen.", file=sys.stderr
        )
        return 2

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    # Bind the site port first, so a busy port fails before anything else starts.
    headers = local_security_headers(with_inline_script_hashes(security_headers(), args.site_dir))
    server = make_server("127.0.0.1", args.port, _LazyApp(headers), threaded=True)
    port = server.server_port
    site_origin = f"http://127.0.0.1:{port}"

    # Moto's request log drowns ours; only the site's and API's requests are logged.
    MotoRequestHandler.log_request = _quiet  # type: ignore[method-assign]
    moto_app = OneAwsCallAtATime(DomainDispatcherApplication(create_backend_app))
    moto = make_server("127.0.0.1", 0, moto_app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=moto.serve_forever, name="moto", daemon=True).start()
    endpoint_url = f"http://127.0.0.1:{moto.server_port}"
    variables = stack_environment(endpoint_url=endpoint_url, site_origin=site_origin)
    os.environ.update(variables)
    os.environ.pop("AWS_PROFILE", None)
    for name in ("NO_PROXY", "no_proxy"):  # the embedded AWS is on loopback, never behind a proxy
        os.environ[name] = ",".join(filter(None, [os.environ.get(name), "127.0.0.1", "localhost"]))
    if str(PORTAL_DIR) not in sys.path:  # chalicelib and app, as `chalice local` finds them
        sys.path.insert(0, str(PORTAL_DIR))

    # Ctrl-C (also when started in the background, where SIGINT is ignored) and SIGTERM stop cleanly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    env_file: Path = args.env_file
    try:
        import local.mailbox  # noqa: F401  (stamps each SES message with its send time from now on)
        from local.seed import create_resources, seed_demo_data

        create_resources()
        seed_demo_data()
        stack = Stack(args.site_dir)
        stack.seeded.take()
        server.app.stack = stack  # type: ignore[attr-defined]
        write_env_file(env_file, variables)
        _print_banner(site_origin, endpoint_url, env_file)
        server.serve_forever()  # werkzeug's returns on KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    finally:
        print("\nBeende den lokalen Stack …", flush=True)
        server.server_close()
        moto.shutdown()
        moto.server_close()
        _remove_env_file(env_file)
    return 0


class _LazyApp:
    """Answers 503 until the stack is ready (the socket is bound before the seed runs).

    Adds the security headers to every response: site, API, /_dev and this 503.
    """

    stack: Stack | None = None

    def __init__(self, headers: list[Header]) -> None:
        self.headers = headers

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        start_response = with_headers(self.headers, start_response)
        if self.stack is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Der lokale Stack startet noch."]
        return self.stack(environ, start_response)


def _remove_env_file(path: Path) -> None:
    try:
        if f"export KC_STACK_PID={os.getpid()}\n" in path.read_text(encoding="utf-8"):
            path.unlink()
    except FileNotFoundError:
        pass


def _print_banner(site_origin: str, endpoint_url: str, env_file: Path) -> None:
    try:
        shown_env = env_file.relative_to(Path.cwd())
    except ValueError:
        shown_env = env_file
    make_api = "  make api, oder:" if env_file == DEFAULT_ENV_FILE else ""
    print(
        f"""
Kundencenter läuft lokal: {site_origin}/

  Demo-Anmeldung   {site_origin}/kundencenter/anmelden/
                   E-Mail {DEMO_LOGIN[0]} oder Kundennummer {DEMO_LOGIN[1]}
                   Passwort Kundencenter-Demo-2026
                   (zweiter Kunde zum Prüfen der Trennung: 100002, gleiches Passwort)
  Team-Anmeldung   {site_origin}/kundencenter/team/anmelden/   support@unicorn2.example, Passwort Kundencenter-Team-2026, TOTP-Geheimnis KUNDENCENTERTEAM
  Gesendete Mails  {site_origin}/_dev/mail/   (JSON: {site_origin}/_dev/mail)
  Eingebettetes AWS (moto): {endpoint_url}   Tabellen kc-local-*, Demo-Daten bei jedem Start neu

  API zusätzlich mit `chalice local` gegen dasselbe AWS:{make_api}
      source {shown_env} && cd functions/portal && \\
        ../../.venv/bin/chalice local --no-autoreload --port 8001

Beenden mit Strg+C.
""",
        flush=True,
    )


if __name__ == "__main__":
    exit_code = main()
    # Everything we started is stopped by now; skip the interpreter's teardown of moto's and
    # botocore's module state, which alone takes seconds after Ctrl-C.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(exit_code)
