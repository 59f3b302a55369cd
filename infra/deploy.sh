#!/usr/bin/env bash
# Production deploy: the Chalice API, then the CloudFormation stack in front of it, then the site.
# Needs the AWS CLI and credentials; run from the repository root after `make test`.
#   DOMAIN_NAME=kundencenter.unicorn2.de CERTIFICATE_ARN=arn:aws:acm:us-east-1:... MAIL_DOMAIN=unicorn2.de \
#   ORIGIN_VERIFY_SECRET=$(openssl rand -hex 32) infra/deploy.sh
set -euo pipefail
: "${DOMAIN_NAME:?set DOMAIN_NAME}" "${CERTIFICATE_ARN:?set CERTIFICATE_ARN}"
: "${MAIL_DOMAIN:?set MAIL_DOMAIN}" "${ORIGIN_VERIFY_SECRET:?set ORIGIN_VERIFY_SECRET}"
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-eu-central-1}
PREFIX=${PREFIX:-kc-prod-}
STACK=${STACK:-kundencenter}
root=$(cd "$(dirname "$0")/.." && pwd)
config="$root/functions/portal/.chalice/config.json"

# The API's environment for this deploy (the secret never lands in git).
cp "$config" "$config.orig"
trap 'mv "$config.orig" "$config"' EXIT
"$root/.venv/bin/python" - "$config" <<PY
import json, sys
path = sys.argv[1]
config = json.load(open(path))
env = config["stages"]["prod"]["environment_variables"]
env.update(
    KC_TABLE_PREFIX="$PREFIX",
    KC_SITE_ORIGIN="https://$DOMAIN_NAME",
    KC_MAIL_FROM="unicorn 2 Kundencenter <kundencenter@$MAIL_DOMAIN>",
    KC_INVOICE_BUCKET="${PREFIX}invoices",
    KC_TICKET_BUCKET="${PREFIX}tickets",
    KC_SUPPORT_ADDRESS="support@$MAIL_DOMAIN",
    KC_ORIGIN_VERIFY_SECRET="$ORIGIN_VERIFY_SECRET",
)
json.dump(config, open(path, "w"), indent=2)
PY

# Ship chalicelib's bytecode: Lambda's /var/task is read-only, so without it every cold start compiles our
# ~60 modules again (~25-40 ms, bench/import_time.py). checked-hash: valid whatever mtimes the zip keeps,
# and never used for a source it was not made from.
"$root/.venv/bin/python" -m compileall -q --invalidation-mode checked-hash "$root/functions/portal/chalicelib"
(cd "$root/functions/portal" && "$root/.venv/bin/chalice" deploy --stage prod)
api_url=$(cd "$root/functions/portal" && "$root/.venv/bin/chalice" url --stage prod)
api_domain=$(echo "$api_url" | sed -E 's#https://([^/]+)/.*#\1#')
# Mail to support@ reaches tickets: SES stores it in the ticket bucket, whose notification runs this function.
inbound_arn=$(aws lambda get-function --function-name kundencenter-portal-prod-ticket-inbound-mail \
  --query Configuration.FunctionArn --output text)

aws cloudformation deploy --stack-name "$STACK" --template-file "$root/infra/template.yaml" \
  --parameter-overrides Prefix="$PREFIX" DomainName="$DOMAIN_NAME" CertificateArn="$CERTIFICATE_ARN" \
  ApiDomain="$api_domain" OriginVerifySecret="$ORIGIN_VERIFY_SECRET" MailDomain="$MAIL_DOMAIN" \
  InboundMailFunctionArn="$inbound_arn"

sed -i.bak "s#^site_url: .*#site_url: https://$DOMAIN_NAME/#" "$root/mkdocs.yml"
trap 'mv "$config.orig" "$config"; mv "$root/mkdocs.yml.bak" "$root/mkdocs.yml"' EXIT
(cd "$root" && NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet --site-dir "$root/.local/site-prod")
aws s3 sync "$root/.local/site-prod" "s3://${PREFIX}site" --delete
distribution=$(aws cloudformation describe-stack-resource --stack-name "$STACK" \
  --logical-resource-id Distribution --query StackResourceDetail.PhysicalResourceId --output text)
aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' >/dev/null
echo "Deployed: https://$DOMAIN_NAME/"
