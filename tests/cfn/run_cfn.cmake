# run_cfn.cmake - compiles every example and every golden/corpus ecs case, then
# checks every CloudFormation template ecsc emitted (cfn/template.json and
# cfn/fragments/*.json below each output folder) with tests/cfn/validate_cfn.mjs:
# AWS's offline validator bundled in aws-cdk-lib plus our checker over
# @aws-cdk/aws-service-spec. Installs the npm packages first (tests/cfn/setup.sh).
#   -DECSC -DSRC -DWORK [-DNODE=node]
if(NOT NODE)
  set(NODE node)
endif()
include(${SRC}/tests/compile_inputs.cmake)
set(n ${COMPILED_COUNT})
file(GLOB_RECURSE templates ${WORK}/*.json)
list(FILTER templates INCLUDE REGEX "/cfn/(template|fragments/[^/]+)\\.json$")
list(LENGTH templates count)
if(count EQUAL 0)
  message(FATAL_ERROR "ecsc emitted no CloudFormation template for ${n} inputs")
endif()
execute_process(COMMAND sh ${SRC}/tests/cfn/setup.sh RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tests/cfn/setup.sh failed (exit ${rc})")
endif()
message(STATUS "checking ${count} CloudFormation templates from ${n} inputs")
execute_process(COMMAND ${NODE} ${SRC}/tests/cfn/validate_cfn.mjs ${templates}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "CloudFormation conformance failed (exit ${rc})")
endif()
