"""The one stack: infra/template.yaml merged into Chalice's SAM template (infra/package.py) for each stage.

Checked on the source template where it says everything, and on both stages' packages (conftest.py) for what
only exists after the merge: cfn-lint clean, tables matching the models, every environment variable the code
reads set, the CSP covering every inline script of the built site, the zip built for Python 3.12 with .pyc.
"""

import fnmatch
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.package import BOTOCORE_SERVICES, inline_scripts, script_hash
from tests.infra.conftest import ROOT, Package

# The first test that needs the packages waits for both stages to be packaged (conftest.py: minutes).
pytestmark = [pytest.mark.xdist_group("infra-package"), pytest.mark.timeout(1800)]

SOURCE = yaml.safe_load((ROOT / "infra" / "template.yaml").read_text())
RESOURCES = SOURCE["Resources"]
CFN_LINT = ROOT / ".venv" / "bin" / "cfn-lint"
# Chalice's resources (RestAPI, APIHandler, their roles and log groups) are in the package, not in the source.
CHALICE_TYPES = (
    "AWS::Serverless::Function",
    "AWS::Serverless::Api",
    "AWS::IAM::Role",
    "AWS::Logs::LogGroup",
    "AWS::Lambda::Permission",
)


def cfn_lint(path: Path, *args: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [str(CFN_LINT), "--format", "json", *args, str(path)], capture_output=True, text=True
    )
    return json.loads(result.stdout or "[]")


def describe(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['Rule']['Id']} line {f['Location']['Start']['LineNumber']}: {f['Message'][:200]}"
        for f in findings
    ]


def test_the_packaged_template_is_lint_clean(packaged: Package) -> None:
    assert describe(cfn_lint(packaged.template_path)) == []


def test_the_waf_template_is_lint_clean() -> None:
    assert describe(cfn_lint(ROOT / "infra" / "waf.yaml", "--regions", "us-east-1")) == []


def test_the_source_template_is_lint_clean_but_for_chalices_resources(packages: dict[str, Package]) -> None:
    """Alone, the merge template names resources only Chalice's part of the package has (and changes some of
    them without their Type): those findings, and no other."""
    chalice = {
        name
        for name, resource in packages["prod"].resources.items()
        if resource["Type"] in CHALICE_TYPES and "Type" not in RESOURCES.get(name, {})
    }
    assert {"RestAPI", "APIHandler", "BillingRun", "TicketInboundMail", "ApiHandlerRole"} <= chalice
    others = []
    for finding in cfn_lint(ROOT / "infra" / "template.yaml"):
        rule, message = finding["Rule"]["Id"], finding["Message"]
        path = finding["Location"].get("Path") or []
        if rule == "E3001" and len(path) >= 2 and path[1] in chalice:
            continue
        # (with a SAM function of its own in the source, cfn-lint transforms it and words some differently)
        match = re.match(r"'([\w.]+)' (?:is not one of|is not valid under any|does not match)", message)
        if (
            rule in ("E1010", "E1019", "E1020", "E3005", "E3030", "E3031")
            and match
            and match[1].split(".")[0] in chalice
        ):
            continue
        others.append(finding)
    assert describe(others) == []


# --- Tables ------------------------------------------------------------------------------------------------


def table_resources(resources: dict[str, Any]) -> dict[str, Any]:
    return {
        resource["Properties"]["TableName"]["Fn::Sub"].removeprefix("${Prefix}"): resource
        for resource in resources.values()
        if resource.get("Type") == "AWS::DynamoDB::Table"
    }


def model_tables() -> dict[str, Any]:
    from chalicelib.models import ALL_MODELS
    from chalicelib.settings import settings

    return {model.Meta.table_name.removeprefix(settings.table_prefix): model for model in ALL_MODELS}


def check_table(name: str, properties: dict[str, Any]) -> None:
    from pynamodb.attributes import TTLAttribute

    model = model_tables()[name]
    schema = model._get_schema()
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["DeletionProtectionEnabled"] == {"Ref": "TableDeletionProtection"}
    assert sorted((k["AttributeName"], k["KeyType"]) for k in properties["KeySchema"]) == sorted(
        (k["AttributeName"], k["KeyType"]) for k in schema["key_schema"]
    )
    assert sorted(
        (a["AttributeName"], a["AttributeType"]) for a in properties["AttributeDefinitions"]
    ) == sorted((a["AttributeName"], a["AttributeType"]) for a in schema["attribute_definitions"])
    indexes = {
        index["IndexName"]: [k["AttributeName"] for k in index["KeySchema"]]
        for index in properties.get("GlobalSecondaryIndexes", [])
    }
    assert indexes == {
        index["index_name"]: [k["AttributeName"] for k in index["key_schema"]]
        for index in schema["global_secondary_indexes"]
    }
    local_indexes = {
        index["IndexName"]: [k["AttributeName"] for k in index["KeySchema"]]
        for index in properties.get("LocalSecondaryIndexes", [])
    }
    assert local_indexes == {
        index["index_name"]: [k["AttributeName"] for k in index["key_schema"]]
        for index in schema.get("local_secondary_indexes", [])
    }
    ttl = [attr.attr_name for attr in model.get_attributes().values() if isinstance(attr, TTLAttribute)]
    spec = properties.get("TimeToLiveSpecification")
    assert ([spec["AttributeName"]] if spec else []) == ttl


def test_every_model_has_a_table_and_no_table_is_orphaned() -> None:
    assert set(table_resources(RESOURCES)) == set(model_tables())


@pytest.mark.parametrize("name", sorted(model_tables()))
def test_table_matches_model(name: str) -> None:
    check_table(name, table_resources(RESOURCES)[name]["Properties"])


def test_the_packaged_tables_match_the_models(packaged: Package) -> None:
    tables = table_resources(packaged.resources)
    assert set(tables) == set(model_tables())
    for name, resource in tables.items():
        check_table(name, resource["Properties"])


def test_a_failed_first_create_leaves_no_table_or_bucket_behind() -> None:
    """Retained on stack deletion, deleted when a create rolls back (deploy.sh then creates again)."""
    for name, resource in RESOURCES.items():
        if resource.get("DeletionPolicy"):
            assert resource["DeletionPolicy"] in ("RetainExceptOnCreate", "Delete"), name
    assert SOURCE["Parameters"]["TableDeletionProtection"]["Default"] == "true"


def test_the_audit_table_expires_sign_in_data() -> None:
    assert RESOURCES["AuditTable"]["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "expires_at",
        "Enabled": True,
    }


# --- Functions, environment, permissions --------------------------------------------------------------------

# Set by Lambda itself, or a switch left unset on purpose (tracing is on unless POWERTOOLS_TRACE_DISABLED).
LAMBDA_SETS = {
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_LAMBDA_FUNCTION_NAME",
    "LAMBDA_TASK_ROOT",
    "POWERTOOLS_TRACE_DISABLED",
}
ENV_READ = re.compile(
    r"""(?:_require|os\.environ\.get|os\.getenv|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_the_code_reads() -> set[str]:
    sources = [ROOT / "functions/portal/app.py", *(ROOT / "functions/portal/chalicelib").rglob("*.py")]
    return {name for path in sources for name in ENV_READ.findall(path.read_text())}


def test_every_variable_the_code_reads_is_set_for_every_function(packaged: Package) -> None:
    read = variables_the_code_reads()
    assert {"KC_TABLE_PREFIX", "KC_MAIL_FROM", "KC_PASSWORD_HASH_PROFILE"} <= read
    shared = packaged.template["Globals"]["Function"]["Environment"]["Variables"]
    functions = {n: r for n, r in packaged.resources.items() if r["Type"] == "AWS::Serverless::Function"}
    assert set(functions) == {"APIHandler", "BillingRun", "TicketInboundMail", "InvoiceDocuments"}
    for name, function in functions.items():
        env = {**shared, **function["Properties"].get("Environment", {}).get("Variables", {})}
        assert read - LAMBDA_SETS - set(env) == set(), name
        assert all(value not in ("", None) for value in env.values()), name
    assert shared["KC_ORIGIN_SECRET_ID"] == {"Ref": "OriginSecret"}
    assert shared["KC_TABLE_PREFIX"] == {"Ref": "Prefix"}


def test_the_functions_run_python_3_12_traced_with_their_own_names(packaged: Package) -> None:
    functions = {
        n: r["Properties"] for n, r in packaged.resources.items() if r["Type"] == "AWS::Serverless::Function"
    }
    for properties in functions.values():
        assert properties["Runtime"] == "python3.12"
        assert properties["Tracing"] == "Active"
    assert functions["APIHandler"]["FunctionName"] == {"Fn::Sub": "${Prefix}api"}
    assert functions["APIHandler"]["ReservedConcurrentExecutions"] >= 1
    assert functions["BillingRun"]["Events"]["BillingRunEvent"]["Type"] == "Schedule"
    api = packaged.resources["RestAPI"]["Properties"]
    assert api["EndpointConfiguration"] == "REGIONAL"
    assert api["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    for name in (
        "ApiHandlerLogGroup",
        "BillingRunLogGroup",
        "TicketInboundMailLogGroup",
        "InvoiceDocumentsLogGroup",
        "ApiAccessLogGroup",
    ):
        assert packaged.resources[name]["Properties"]["RetentionInDays"] == 90, name


def test_the_chalice_config_pushes_no_placeholder() -> None:
    config_dir = ROOT / "functions/portal/.chalice"
    text = (config_dir / "config.json").read_text()
    config = json.loads(text)
    assert "environment_variables" not in text  # the template's Globals set them, per stage
    assert ".example" not in text
    assert config["api_gateway_endpoint_type"] == "REGIONAL"
    assert config["xray"] is True
    assert set(config["stages"]) == {"dev", "prod"}


def policy_statements(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        statement.get("Sid", f"{name}-{i}"): statement
        for name, resource in resources.items()
        if resource["Type"] in ("AWS::IAM::Policy",)
        for i, statement in enumerate(resource["Properties"]["PolicyDocument"]["Statement"])
    }


def actions(statement: dict[str, Any]) -> set[str]:
    value = statement["Action"]
    return {value} if isinstance(value, str) else set(value)


def test_the_functions_may_do_what_the_code_does_and_no_more(packaged: Package) -> None:
    statements = policy_statements(packaged.resources)
    everything = [s for s in statements.values() if s["Effect"] == "Allow"]
    deletes = [s for s in everything if "dynamodb:DeleteItem" in actions(s)]
    assert len(deletes) == 1
    deleted_from = {ref["Fn::GetAtt"][0] for ref in deletes[0]["Resource"]}
    for kept in (
        "AuditTable",
        "CustomersTable",
        "InvoicesTable",
        "InvoiceRegisterTable",
        "OrdersTable",
        "ContractsTable",
    ):
        assert kept not in deleted_from
    s3 = set().union(*(actions(s) for s in everything if any(a.startswith("s3:") for a in actions(s))))
    assert s3 == {"s3:GetObject", "s3:PutObject"}
    mail = statements["MailFromThePortalAddressOnly"]
    assert mail["Condition"]["StringEquals"]["ses:FromAddress"] == {"Fn::Sub": "kundencenter@${MailDomain}"}
    assert statements["OriginSecret"]["Resource"] == {"Ref": "OriginSecret"}
    logs = [s for s in everything if any(a.startswith("logs:") for a in actions(s))]
    assert sorted(s["Resource"]["Fn::Sub"] for s in logs) == [
        "${ApiHandlerLogGroup.Arn}",
        "${BillingRunLogGroup.Arn}",
        "${InvoiceDocumentsLogGroup.Arn}",
        "${TicketInboundMailLogGroup.Arn}",
    ]
    for statement in everything:
        if statement["Resource"] == "*":
            assert actions(statement) <= {"dynamodb:DescribeTable"}, statement
    tables = statements["Tables"]["Resource"][0]["Fn::Sub"]
    assert "${AWS::Region}" in tables
    assert "${Prefix}" in tables
    # Chalice's roles themselves only carry X-Ray (.chalice/policy.json)
    for name in ("ApiHandlerRole", "BillingRunRole", "TicketInboundMailRole", "InvoiceDocumentsRole"):
        (policy,) = packaged.resources[name]["Properties"]["Policies"]
        assert {a for s in policy["PolicyDocument"]["Statement"] for a in actions(s)} == {
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
        }


def test_only_the_api_and_the_billing_run_may_render_invoices(packaged: Package) -> None:
    renderer = packaged.resources["InvoiceDocuments"]["Properties"]
    assert renderer["CodeUri"] == "./documents.zip"
    assert renderer["Handler"] == "handler.handler"
    assert renderer["Role"] == {"Fn::GetAtt": ["InvoiceDocumentsRole", "Arn"]}
    invokers = [
        (name, resource["Properties"])
        for name, resource in packaged.resources.items()
        if resource["Type"] == "AWS::IAM::Policy"
        and any(
            "lambda:InvokeFunction" in actions(s)
            for s in resource["Properties"]["PolicyDocument"]["Statement"]
        )
    ]
    assert [name for name, _ in invokers] == ["RenderInvoicesPolicy"]
    (statement,) = invokers[0][1]["PolicyDocument"]["Statement"]
    assert statement["Resource"] == {"Fn::GetAtt": ["InvoiceDocuments", "Arn"]}
    assert invokers[0][1]["Roles"] == [{"Ref": "ApiHandlerRole"}, {"Ref": "BillingRunRole"}]
    # the renderer's role reaches no table, bucket, mail or secret: its log group and X-Ray only
    granted = {
        action
        for resource in packaged.resources.values()
        if resource["Type"] == "AWS::IAM::Policy"
        and {"Ref": "InvoiceDocumentsRole"} in resource["Properties"]["Roles"]
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
        for action in actions(statement)
    }
    assert granted == {"logs:CreateLogStream", "logs:PutLogEvents"}
    shared = packaged.template["Globals"]["Function"]["Environment"]["Variables"]
    assert shared["KC_DOCUMENTS_FUNCTION"] == {"Fn::Sub": "${Prefix}invoice-documents"}
    assert renderer["FunctionName"] == shared["KC_DOCUMENTS_FUNCTION"]


def test_incoming_mail_runs_the_inbound_function(packaged: Package) -> None:
    bucket = packaged.resources["TicketBucket"]
    (trigger,) = bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"]
    assert trigger["Function"] == {"Fn::GetAtt": ["TicketInboundMail", "Arn"]}
    assert bucket["DependsOn"] == "InboundMailPermission"


# --- Buckets -----------------------------------------------------------------------------------------------


def test_buckets_are_private_tls_only_and_not_named_globally() -> None:
    buckets = {n: r for n, r in RESOURCES.items() if r.get("Type") == "AWS::S3::Bucket"}
    assert set(buckets) == {"SiteBucket", "InvoiceBucket", "TicketBucket", "LogBucket"}
    for name, bucket in buckets.items():
        assert all(bucket["Properties"]["PublicAccessBlockConfiguration"].values()), name
        if "BucketName" in bucket["Properties"]:
            bucket_name = bucket["Properties"]["BucketName"]["Fn::Sub"]
            assert "${AWS::AccountId}" in bucket_name, name
            assert "${AWS::Region}" in bucket_name, name
    for policy in ("InvoiceBucketPolicy", "TicketBucketPolicy", "SiteBucketPolicy"):
        statements = RESOURCES[policy]["Properties"]["PolicyDocument"]["Statement"]
        assert any(
            s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            for s in statements
        ), policy


def test_invoices_are_write_once_for_eight_years() -> None:
    properties = RESOURCES["InvoiceBucket"]["Properties"]
    assert properties["ObjectLockEnabled"] is True
    assert properties["ObjectLockConfiguration"]["Rule"]["DefaultRetention"] == {
        "Mode": "GOVERNANCE",
        "Years": 8,
    }


def test_cloudfront_logs_expire() -> None:
    rules = RESOURCES["LogBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert [rule["ExpirationInDays"] for rule in rules] == [90]
    logging = RESOURCES["Distribution"]["Properties"]["DistributionConfig"]["Logging"]
    assert logging["Bucket"] == {"Fn::GetAtt": ["LogBucket", "DomainName"]}


# --- CloudFront ----------------------------------------------------------------------------------------------

DISTRIBUTION = RESOURCES["Distribution"]["Properties"]["DistributionConfig"]


def test_api_is_served_under_the_sites_own_origin_uncached_with_the_secret_header() -> None:
    api = next(b for b in DISTRIBUTION["CacheBehaviors"] if b["PathPattern"] == "/api/*")
    assert api["TargetOriginId"] == "api"
    assert "POST" in api["AllowedMethods"]
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    origin = next(o for o in DISTRIBUTION["Origins"] if o["Id"] == "api")
    assert origin["DomainName"] == {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    (header,) = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "X-Origin-Verify"
    _, with_version, current = header["HeaderValue"]["Fn::If"]
    assert with_version == {
        "Fn::Sub": "{{resolve:secretsmanager:${OriginSecret}:SecretString:::${OriginSecretVersion}}}"
    }
    assert current == {"Fn::Sub": "{{resolve:secretsmanager:${OriginSecret}:SecretString}}"}
    assert "GenerateSecretString" in RESOURCES["OriginSecret"]["Properties"]
    assert DISTRIBUTION["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert DISTRIBUTION["WebACLId"] == {
        "Fn::If": ["HasWebAcl", {"Ref": "WebAclArn"}, {"Ref": "AWS::NoValue"}]
    }


def test_api_errors_reach_the_browser_unchanged() -> None:
    """No distribution-wide error pages (they would replace the API's JSON); the site's function does it."""
    assert "CustomErrorResponses" not in DISTRIBUTION
    api = next(b for b in DISTRIBUTION["CacheBehaviors"] if b["PathPattern"] == "/api/*")
    assert "FunctionAssociations" not in api
    (association,) = DISTRIBUTION["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["FunctionARN"]["Fn::GetAtt"][0] == "SiteRequestFunction"


def function_pages(packaged: Package) -> dict[str, int]:
    code = packaged.resources["SiteRequestFunction"]["Properties"]["FunctionCode"]
    match = re.search(r"var pages = (\{.*?\});", code)
    assert match, code[:200]
    return json.loads(match[1])


def test_the_site_function_knows_every_page_and_fits_cloudfronts_limit(packaged: Package) -> None:
    pages = function_pages(packaged)
    built = {"/" + p.relative_to(packaged.site).as_posix() for p in packaged.site.rglob("*.html")}
    assert set(pages) == built
    assert {"/index.html", "/404.html", "/kundencenter/anmelden/index.html"} <= built
    code = packaged.resources["SiteRequestFunction"]["Properties"]["FunctionCode"]
    assert len(code.encode()) <= 10 * 1024  # CloudFront Functions: 10 KB of code


def test_every_inline_script_of_the_built_site_is_allowed_by_hash(packaged: Package) -> None:
    csp = packaged.resources["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()
    assert "'unsafe-inline'" not in script_src
    scripts = [s for page in packaged.site.rglob("*.html") for s in inline_scripts(page.read_text())]
    assert any("__md_scope" in s for s in scripts)  # Material's own inline scripts are among them
    missing = {script[:80] for script in scripts if script_hash(script) not in script_src}
    assert missing == set()


def test_the_security_headers_allow_no_inline_script_in_the_source() -> None:
    csp = RESOURCES["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script_src.strip() == "script-src 'self'"


def test_fingerprinted_assets_are_the_ones_cached_for_a_year(packaged: Package) -> None:
    """deploy.sh caches '*.????????.min.js|css' for a year: Material's hashed assets, nothing else."""
    long_lived = [
        p.relative_to(packaged.site).as_posix()
        for p in packaged.site.rglob("*")
        if fnmatch.fnmatch(p.name, "*.????????.min.js") or fnmatch.fnmatch(p.name, "*.????????.min.css")
    ]
    assert any(p.startswith("assets/javascripts/bundle.") for p in long_lived)
    assert any(p.startswith("assets/stylesheets/main.") for p in long_lived)
    assert all(re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p) for p in long_lived), long_lived
    assert not any(p.startswith("assets/javascripts/portal/") for p in long_lived)


# --- Operations ----------------------------------------------------------------------------------------------


def test_alarms_reach_the_operators() -> None:
    alarms = {n: r["Properties"] for n, r in RESOURCES.items() if r.get("Type") == "AWS::CloudWatch::Alarm"}
    metrics = {a.get("MetricName") or a["Metrics"][0]["Expression"] for a in alarms.values()}
    assert {
        "5XXError",
        "Errors",
        "Throttles",
        "Duration",
        "Reputation.BounceRate",
        "Reputation.ComplaintRate",
    } <= metrics
    assert any("ThrottledRequests" in m for m in metrics)
    assert alarms["BillingRunFailedAlarm"]["Dimensions"] == [
        {"Name": "FunctionName", "Value": {"Ref": "BillingRun"}}
    ]
    assert alarms["ApiDurationP95Alarm"]["ExtendedStatistic"] == "p95"
    for name, alarm in alarms.items():
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
    topic = RESOURCES["AlarmTopic"]["Properties"]
    assert topic["Subscription"] == [{"Protocol": "email", "Endpoint": {"Ref": "AlarmEmail"}}]
    budget = RESOURCES["MonthlyBudget"]["Properties"]
    assert budget["Budget"]["TimeUnit"] == "MONTHLY"
    assert budget["NotificationsWithSubscribers"]


def test_the_dkim_records_are_outputs() -> None:
    outputs = SOURCE["Outputs"]
    for i in (1, 2, 3):
        assert f"DkimDNSTokenName{i}" in outputs[f"DkimRecord{i}"]["Value"]["Fn::Sub"]


def test_the_waf_limits_sign_in_requests_and_uses_the_common_rules() -> None:
    waf = yaml.safe_load((ROOT / "infra" / "waf.yaml").read_text())["Resources"]["WebAcl"]["Properties"]
    assert waf["Scope"] == "CLOUDFRONT"
    rules = {rule["Name"]: rule["Statement"] for rule in waf["Rules"]}
    rate = rules["auth-rate-limit"]["RateBasedStatement"]
    assert rate["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"] == "/api/auth/"
    assert rules["aws-common-rules"]["ManagedRuleGroupStatement"]["Name"] == "AWSManagedRulesCommonRuleSet"


# --- The zip --------------------------------------------------------------------------------------------------

PY312_MAGIC = (3531).to_bytes(2, "little") + b"\r\n"


def test_the_zip_ships_python_3_12_bytecode_and_pinned_boto3(packaged: Package) -> None:
    with zipfile.ZipFile(packaged.zip_path) as archive:
        names = set(archive.namelist())
        assert "app.py" in names
        assert "__pycache__/app.cpython-312.pyc" in names
        sources = [n for n in names if n.startswith("chalicelib/") and n.endswith(".py")]
        for source in sources:
            directory, _, module = source.rpartition("/")
            assert f"{directory}/__pycache__/{module[:-3]}.cpython-312.pyc" in names, source
        assert archive.read("__pycache__/app.cpython-312.pyc")[:4] == PY312_MAGIC
        assert not [n for n in names if re.search(r"cpython-3(?!12)\d+\.pyc$", n)]
        pinned = next(
            line
            for line in (ROOT / "functions/portal/requirements.txt").read_text().splitlines()
            if line.startswith("boto3==")
        )
        assert f"boto3-{pinned.split('==')[1]}.dist-info/METADATA" in names
        services = {n.split("/")[2] for n in names if n.startswith("botocore/data/") and n.count("/") > 3}
        assert services == BOTOCORE_SERVICES


def test_the_code_uses_only_the_aws_services_the_zip_keeps() -> None:
    sources = [ROOT / "functions/portal/app.py", *(ROOT / "functions/portal/chalicelib").rglob("*.py")]
    clients = {
        name
        for path in sources
        for name in re.findall(r"""boto3\.client\(\s*["']([\w-]+)["']""", path.read_text())
    }
    assert clients
    assert clients <= BOTOCORE_SERVICES
