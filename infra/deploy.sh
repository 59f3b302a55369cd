#!/usr/bin/env bash
# Deploy one stage of the Kundencenter: `make deploy STAGE=prod` (packages first, then runs this), or
#   infra/deploy.sh [deploy]                  the WAF stack (us-east-1), the one stack, the site
#   infra/deploy.sh rotate-origin-secret      a new origin secret, then CloudFront sends it (no 403 window)
# Needs the AWS CLI v2 with credentials, and for deploy the package of the stage in dist/<stage>/
# (`make package STAGE=...`: template.yaml, deployment.zip, documents.zip, site/). Re-runnable: an unchanged stack is no
# error, and a stack whose first create failed (ROLLBACK_COMPLETE) is deleted and created again.
#   STAGE=prod DOMAIN_NAME=kundencenter.unicorn2.de CERTIFICATE_ARN=arn:aws:acm:us-east-1:...:certificate/... \
#   MAIL_DOMAIN=unicorn2.de ALARM_EMAIL=betrieb@unicorn2.de [MONTHLY_BUDGET_USD=100] infra/deploy.sh
set -euo pipefail
action=${1:-deploy}
STAGE=${STAGE:-prod}
case $STAGE in dev | prod) ;; *) echo "STAGE must be dev or prod, not '$STAGE'" >&2; exit 2 ;; esac
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-eu-central-1}
export AWS_PAGER=""
PREFIX="kc-$STAGE-"
STACK=${STACK:-kundencenter-$STAGE}
WAF_STACK="$STACK-waf"
root=$(cd "$(dirname "$0")/.." && pwd)
dist=${DIST:-$root/dist/$STAGE}
capabilities=(--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND)

log() { echo "== $*" >&2; }

# The stack's status, or NONE when there is no such stack.
stack_status() { # stack [region]
  local out
  if out=$(aws cloudformation describe-stacks --stack-name "$1" --region "${2:-$AWS_DEFAULT_REGION}" \
    --query 'Stacks[0].StackStatus' --output text 2>&1); then
    echo "$out"
  elif [[ $out == *"does not exist"* ]]; then
    echo NONE
  else
    echo "$out" >&2
    return 1
  fi
}

stack_output() { # stack key [region]
  aws cloudformation describe-stacks --stack-name "$1" --region "${3:-$AWS_DEFAULT_REGION}" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}

# A first create that failed leaves the stack in ROLLBACK_COMPLETE, which can only be deleted: do that, so
# this run creates it again. Any other unfinished state stops the deploy.
ready_for_deploy() { # stack [region]
  local status
  status=$(stack_status "$@") || exit 1
  case $status in
    ROLLBACK_COMPLETE)
      log "$1: the first create failed before; deleting the empty stack to create it again"
      aws cloudformation delete-stack --stack-name "$1" --region "${2:-$AWS_DEFAULT_REGION}"
      aws cloudformation wait stack-delete-complete --stack-name "$1" --region "${2:-$AWS_DEFAULT_REGION}"
      echo NONE
      ;;
    *_IN_PROGRESS | *_FAILED)
      echo "$1 is $status: wait for it or repair it in the console, then deploy again" >&2
      exit 1
      ;;
    *) echo "$status" ;;
  esac
}

current_secret_version() { # secret arn
  aws secretsmanager list-secret-version-ids --secret-id "$1" \
    --query "Versions[?contains(VersionStages, 'AWSCURRENT')].VersionId | [0]" --output text
}

deploy_stack() { # template, then Key=Value parameter overrides
  local template=$1
  shift
  aws cloudformation deploy --stack-name "$STACK" --template-file "$template" "${capabilities[@]}" \
    --no-fail-on-empty-changeset --parameter-overrides "$@"
}

sync_site() {
  local bucket=$1 site=$2
  # Material's assets carry a content hash in the name (bundle.79ae519e.min.js): cached for a year, uploaded
  # first (new pages never point at a missing asset), never deleted (cached old pages still use them).
  aws s3 sync "$site" "s3://$bucket" --exclude '*' --include '*.????????.min.js' --include '*.????????.min.css' \
    --cache-control 'public, max-age=31536000, immutable'
  # Everything else (pages, the portal's modules, images, search index): revalidated after 5 minutes.
  aws s3 sync "$site" "s3://$bucket" --delete --exclude '*.????????.min.js' --exclude '*.????????.min.css' \
    --cache-control 'public, max-age=300, must-revalidate'
}

deploy() {
  : "${DOMAIN_NAME:?set DOMAIN_NAME}" "${CERTIFICATE_ARN:?set CERTIFICATE_ARN}"
  : "${MAIL_DOMAIN:?set MAIL_DOMAIN}" "${ALARM_EMAIL:?set ALARM_EMAIL}"
  for file in template.yaml deployment.zip documents.zip site/index.html; do
    [[ -f $dist/$file ]] || { echo "$dist/$file is missing: run make package STAGE=$STAGE" >&2; exit 1; }
  done
  local account region=$AWS_DEFAULT_REGION
  account=$(aws sts get-caller-identity --query Account --output text)

  log "WAF web ACL ($WAF_STACK, us-east-1)"
  ready_for_deploy "$WAF_STACK" us-east-1 >/dev/null
  aws cloudformation deploy --region us-east-1 --stack-name "$WAF_STACK" --template-file "$root/infra/waf.yaml" \
    --no-fail-on-empty-changeset --parameter-overrides "Prefix=$PREFIX"
  local web_acl
  web_acl=$(stack_output "$WAF_STACK" WebAclArn us-east-1)

  log "Code upload"
  local artifacts="kc-artifacts-$account-$region"
  if ! aws s3api head-bucket --bucket "$artifacts" 2>/dev/null; then
    aws s3api create-bucket --bucket "$artifacts" --create-bucket-configuration "LocationConstraint=$region"
    aws s3api put-public-access-block --bucket "$artifacts" --public-access-block-configuration \
      BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
  fi
  aws cloudformation package --template-file "$dist/template.yaml" --s3-bucket "$artifacts" \
    --s3-prefix "$STAGE" --output-template-file "$dist/packaged.yaml"

  local status first_create=false version=""
  status=$(ready_for_deploy "$STACK")
  if [[ $status == NONE ]]; then
    first_create=true
  else
    version=$(current_secret_version "$(stack_output "$STACK" OriginSecretArn)")
  fi
  local parameters=(
    "Prefix=$PREFIX" "DomainName=$DOMAIN_NAME" "CertificateArn=$CERTIFICATE_ARN" "MailDomain=$MAIL_DOMAIN"
    "AlarmEmail=$ALARM_EMAIL" "MonthlyBudgetUsd=${MONTHLY_BUDGET_USD:-100}" "WebAclArn=$web_acl"
  )
  if $first_create; then
    # Tables without deletion protection until the create succeeded: a failed create must roll back fully.
    log "Stack $STACK: first create"
    deploy_stack "$dist/packaged.yaml" "${parameters[@]}" OriginSecretVersion= TableDeletionProtection=false
    version=$(current_secret_version "$(stack_output "$STACK" OriginSecretArn)")
  fi
  log "Stack $STACK"
  deploy_stack "$dist/packaged.yaml" "${parameters[@]}" "OriginSecretVersion=$version" TableDeletionProtection=true

  log "Site"
  sync_site "$(stack_output "$STACK" SiteBucketName)" "$dist/site"
  aws cloudfront create-invalidation --distribution-id "$(stack_output "$STACK" DistributionId)" \
    --paths '/*' >/dev/null

  log "DNS records for $MAIL_DOMAIN (SES, Easy DKIM) and $DOMAIN_NAME"
  for key in DkimRecord1 DkimRecord2 DkimRecord3; do stack_output "$STACK" "$key"; done
  echo "CNAME $DOMAIN_NAME $(stack_output "$STACK" DistributionDomain)"
  echo "Deployed: https://$DOMAIN_NAME/"
}

# A new secret version becomes AWSCURRENT; the one CloudFront sends now stays valid as AWSPREVIOUS (the API
# accepts both), then a stack update makes CloudFront send the new one. The value never touches a command
# line or a tracked file: it goes from Secrets Manager's generator through a private temporary file.
rotate_origin_secret() {
  local status secret version
  status=$(stack_status "$STACK") || exit 1
  case $status in
    CREATE_COMPLETE | UPDATE_COMPLETE | UPDATE_ROLLBACK_COMPLETE) ;;
    *) echo "$STACK is $status: deploy it first" >&2; exit 1 ;;
  esac
  secret=$(stack_output "$STACK" OriginSecretArn)
  secret_file=$(umask 077 && mktemp)
  trap 'rm -f "$secret_file"' EXIT
  aws secretsmanager get-random-password --password-length 48 --exclude-punctuation \
    --query RandomPassword --output text >"$secret_file"
  version=$(aws secretsmanager put-secret-value --secret-id "$secret" --secret-string "file://$secret_file" \
    --query VersionId --output text)
  rm -f "$secret_file"
  log "New origin secret version $version; CloudFront gets it with a stack update"
  local keys key parameters=()
  keys=$(aws cloudformation describe-stacks --stack-name "$STACK" --query 'Stacks[0].Parameters[].ParameterKey' \
    --output text)
  for key in $keys; do
    if [[ $key == OriginSecretVersion ]]; then
      parameters+=("ParameterKey=OriginSecretVersion,ParameterValue=$version")
    else
      parameters+=("ParameterKey=$key,UsePreviousValue=true")
    fi
  done
  aws cloudformation update-stack --stack-name "$STACK" --use-previous-template "${capabilities[@]}" \
    --parameters "${parameters[@]}" >/dev/null
  aws cloudformation wait stack-update-complete --stack-name "$STACK"
  echo "CloudFront sends origin secret version $version"
}

case $action in
  deploy) deploy ;;
  rotate-origin-secret) rotate_origin_secret ;;
  *) echo "usage: $0 [deploy|rotate-origin-secret]" >&2; exit 2 ;;
esac
