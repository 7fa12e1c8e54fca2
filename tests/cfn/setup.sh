#!/bin/sh
# Installs the CloudFormation checker's pinned npm packages (aws-cdk-lib with
# AWS's offline validator, @aws-cdk/aws-service-spec) into tests/cfn/node_modules
# when missing or stale.  tests/cfn/setup.sh [--force]
D=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec sh "$D/../npm_setup.sh" "$D" "$@" node_modules/aws-cdk-lib node_modules/@aws-cdk/aws-service-spec
