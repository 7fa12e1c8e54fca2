# run_conformance.cmake - compiles every example and every golden ecs case,
# then validates all emitted task definitions with botocore against AWS's
# ECS API model (RegisterTaskDefinition, and CreateService for services/): the current one from ../shared when present, else the one
# Debian's botocore ships (newer fields are then reported as skipped).
#   -DECSC -DPYTHON -DSRC -DSHARED -DWORK
include(${SRC}/tests/compile_inputs.cmake)
set(models_arg)
if(EXISTS ${SHARED}/reference/aws-models/ecs/2014-11-13/service-2.json)
  set(models_arg --models ${SHARED}/reference/aws-models)
else()
  message(STATUS "../shared/reference/aws-models not found: validating against botocore's built-in model")
endif()
# Outputs may sit in <env>/ subfolders (--all-envs): look at every file.
file(GLOB_RECURSE all_json ${WORK}/*.json)
set(taskdef_files ${all_json})
list(FILTER taskdef_files INCLUDE REGEX "/taskdefs/[^/]+\\.json$")
set(taskdef_dirs)
foreach(f ${taskdef_files})
  get_filename_component(d ${f} DIRECTORY)
  list(APPEND taskdef_dirs ${d})
endforeach()
list(REMOVE_DUPLICATES taskdef_dirs)
execute_process(COMMAND ${PYTHON} ${SRC}/tests/conformance/validate_ecs.py
                        --operation RegisterTaskDefinition ${models_arg} ${taskdef_dirs}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "botocore rejected emitted task definitions (exit ${rc})")
endif()

# Services: the CreateService input shape, and agreement with the task
# definition each one names.
set(service_files ${all_json})
list(FILTER service_files INCLUDE REGEX "/services/[^/]+\\.json$")
if(service_files)
  set(service_dirs)
  foreach(f ${service_files})
    get_filename_component(d ${f} DIRECTORY)
    list(APPEND service_dirs ${d})
  endforeach()
  list(REMOVE_DUPLICATES service_dirs)
  execute_process(COMMAND ${PYTHON} ${SRC}/tests/conformance/validate_ecs.py
                          --operation CreateService ${models_arg} ${service_dirs}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "botocore rejected emitted services (exit ${rc})")
  endif()
  execute_process(COMMAND ${PYTHON} ${SRC}/tests/conformance/check_service_refs.py ${WORK}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "a service disagrees with its task definition (exit ${rc})")
  endif()
endif()
