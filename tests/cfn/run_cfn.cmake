# run_cfn.cmake - compiles every example and every golden/corpus ecs case, then
# checks every CloudFormation template ecsc emitted (cfn/template.json and
# cfn/fragments/*.json below each output folder) with tests/cfn/validate_cfn.mjs:
# AWS's offline validator bundled in aws-cdk-lib plus our checker over
# @aws-cdk/aws-service-spec. Installs the npm packages first (tests/cfn/setup.sh).
#   -DECSC -DSRC -DWORK [-DNODE=node]
if(NOT NODE)
  set(NODE node)
endif()
file(REMOVE_RECURSE ${WORK})
file(GLOB examples ${SRC}/examples/*.ecs)
file(GLOB cases ${SRC}/tests/golden/ecs/*.ecs ${SRC}/tests/corpus/ecs/*.ecs)
set(n 0)
foreach(f ${examples} ${cases})
  get_filename_component(dir ${f} DIRECTORY)
  get_filename_component(name ${f} NAME_WE)
  set(extra_args)
  if(EXISTS ${dir}/${name}.args)
    file(STRINGS ${dir}/${name}.args extra_args)
  endif()
  math(EXPR n "${n} + 1")
  execute_process(COMMAND ${ECSC} --color=never ${extra_args} ${f} -o ${WORK}/${n}-${name}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${f} did not compile:\n${err}")
  endif()
endforeach()
file(GLOB_RECURSE templates ${WORK}/*/cfn/template.json ${WORK}/*/cfn/fragments/*.json)
list(LENGTH templates count)
if(count EQUAL 0)
  message("SKIPPED: ecsc emitted no CloudFormation template for ${n} inputs")
  return()
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
