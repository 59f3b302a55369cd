"""A fake `aws` CLI for tests/infra/test_deploy_script.py: records every call, answers from a state file.

State (JSON, FAKE_AWS_STATE): stacks {name: {status, outputs, parameters}}, secret_versions [ids, last is
AWSCURRENT], buckets [names], unchanged (deploys find nothing to change), fail_create (the next create rolls
back). Calls: one JSON line per call in FAKE_AWS_LOG.
"""

import json
import os
import re
import sys
from pathlib import Path

STATE = Path(os.environ["FAKE_AWS_STATE"])
LOG = Path(os.environ["FAKE_AWS_LOG"])
ACCOUNT = "123456789012"


def option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def main() -> int:
    args = sys.argv[1:]
    state = json.loads(STATE.read_text())
    record = {"args": args}
    if "--secret-string" in args:  # what the file holds, to check the value never was an argument
        value = option(args, "--secret-string") or ""
        record["secret_file_content"] = (
            Path(value.removeprefix("file://")).read_text() if value.startswith("file://") else None
        )
    with LOG.open("a") as log:
        log.write(json.dumps(record) + "\n")
    try:
        return answer(args, state)
    finally:
        STATE.write_text(json.dumps(state))


def answer(args: list[str], state: dict) -> int:
    service, command = args[0], args[1]
    stacks = state.setdefault("stacks", {})
    name = option(args, "--stack-name")
    query = option(args, "--query") or ""
    if (service, command) == ("sts", "get-caller-identity"):
        print(ACCOUNT)
    elif (service, command) == ("cloudformation", "describe-stacks"):
        if name not in stacks:
            print(
                f"An error occurred (ValidationError): Stack with id {name} does not exist", file=sys.stderr
            )
            return 254
        stack = stacks[name]
        if query == "Stacks[0].StackStatus":
            print(stack["status"])
        elif "Parameters" in query:
            print("\t".join(stack.get("parameters", {})))
        elif match := re.search(r"OutputKey=='(\w+)'", query):
            print(stack.get("outputs", {}).get(match[1], "None"))
    elif (service, command) == ("cloudformation", "deploy"):
        return deploy(args, state, stacks, name)
    elif (service, command) == ("cloudformation", "delete-stack"):
        stacks.pop(name, None)
    elif (service, command) == ("cloudformation", "package"):
        Path(option(args, "--output-template-file")).write_text(
            Path(option(args, "--template-file")).read_text()
        )
    elif (service, command) == ("cloudformation", "update-stack"):
        stack = stacks[name]
        for item in args[args.index("--parameters") + 1 :]:
            if item.startswith("--"):
                break
            fields = dict(part.split("=", 1) for part in item.split(","))
            if "ParameterValue" in fields:
                stack["parameters"][fields["ParameterKey"]] = fields["ParameterValue"]
        stack["status"] = "UPDATE_COMPLETE"
    elif (service, command) == ("secretsmanager", "list-secret-version-ids"):
        print(state["secret_versions"][-1] if state.get("secret_versions") else "None")
    elif (service, command) == ("secretsmanager", "get-random-password"):
        print("x" * 48)
    elif (service, command) == ("secretsmanager", "put-secret-value"):
        versions = state.setdefault("secret_versions", [])
        versions.append(f"version-{len(versions) + 1}")
        print(versions[-1])
    elif (service, command) == ("s3api", "head-bucket"):
        return 0 if option(args, "--bucket") in state.get("buckets", []) else 254
    elif (service, command) == ("s3api", "create-bucket"):
        state.setdefault("buckets", []).append(option(args, "--bucket"))
    return 0


def deploy(args: list[str], state: dict, stacks: dict, name: str) -> int:
    overrides = args[args.index("--parameter-overrides") + 1 :] if "--parameter-overrides" in args else []
    parameters = dict(item.split("=", 1) for item in overrides if not item.startswith("--"))
    if name in stacks and state.get("unchanged"):
        print(f"No changes to deploy. Stack {name} is up to date")
        return 0 if "--no-fail-on-empty-changeset" in args else 255
    if name not in stacks and not name.endswith("-waf") and state.pop("fail_create", False):
        stacks[name] = {"status": "ROLLBACK_COMPLETE", "parameters": parameters}
        print("Failed to create/update the stack", file=sys.stderr)
        return 255
    creating = name not in stacks
    stack = stacks.setdefault(name, {"parameters": {}})
    stack["status"] = "CREATE_COMPLETE" if creating else "UPDATE_COMPLETE"
    stack["parameters"].update(parameters)
    if name.endswith("-waf"):
        stack["outputs"] = {"WebAclArn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/kc/1"}
    else:
        if creating:
            state.setdefault("secret_versions", []).append("version-1")
        stack["outputs"] = {
            "OriginSecretArn": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:origin-AbCdEf",
            "SiteBucketName": "kundencenter-prod-sitebucket-1a2b3c",
            "DistributionId": "E1234567890",
            "DistributionDomain": "d111.cloudfront.net",
            "DkimRecord1": "CNAME a._domainkey.example.de a.dkim.amazonses.com",
            "DkimRecord2": "CNAME b._domainkey.example.de b.dkim.amazonses.com",
            "DkimRecord3": "CNAME c._domainkey.example.de c.dkim.amazonses.com",
        }
    return 0


if __name__ == "__main__":
    sys.exit(main())
