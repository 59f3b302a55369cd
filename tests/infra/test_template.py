"""The CloudFormation template matches the PynamoDB models and keeps the one-origin shape."""

from pathlib import Path

import pytest
import yaml

TEMPLATE = yaml.safe_load((Path(__file__).parents[2] / "infra" / "template.yaml").read_text())
RESOURCES = TEMPLATE["Resources"]


def table_resources():
    return {
        resource["Properties"]["TableName"]["Fn::Sub"].removeprefix("${Prefix}"): resource
        for resource in RESOURCES.values()
        if resource["Type"] == "AWS::DynamoDB::Table"
    }


def model_tables():
    from chalicelib.models import ALL_MODELS
    from chalicelib.settings import settings

    return {model.Meta.table_name.removeprefix(settings.table_prefix): model for model in ALL_MODELS}


def test_every_model_has_a_table_and_no_table_is_orphaned():
    assert set(table_resources()) == set(model_tables())


@pytest.mark.parametrize("name", sorted(model_tables()))
def test_table_matches_model(name):
    from pynamodb.attributes import TTLAttribute

    model = model_tables()[name]
    properties = table_resources()[name]["Properties"]
    schema = model._get_schema()
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
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


def test_api_is_served_under_the_sites_own_origin_uncached():
    config = RESOURCES["Distribution"]["Properties"]["DistributionConfig"]
    api = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*")
    assert api["TargetOriginId"] == "api"
    assert "POST" in api["AllowedMethods"]
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    origin = next(o for o in config["Origins"] if o["Id"] == "api")
    assert origin["OriginCustomHeaders"][0]["HeaderName"] == "X-Origin-Verify"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"


def test_buckets_are_private():
    for name in ("SiteBucket", "InvoiceBucket"):
        block = RESOURCES[name]["Properties"]["PublicAccessBlockConfiguration"]
        assert all(block.values()), name


def test_chalice_config_names_the_same_environment_as_settings():
    import json

    from chalicelib import settings as settings_module

    config = json.loads((Path(__file__).parents[2] / "functions/portal/.chalice/config.json").read_text())
    env = config["stages"]["prod"]["environment_variables"]
    required = {
        line.split('"')[1]
        for line in Path(settings_module.__file__).read_text().splitlines()
        if '_require("KC_' in line
    }
    assert required <= set(env), required - set(env)
