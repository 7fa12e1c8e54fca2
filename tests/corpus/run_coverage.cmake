# run_coverage.cmake - compiles tests/corpus/ecs/*.ecs (rewrites of real task
# definitions using only native words) and measures which field paths of
# ../shared/corpus/taskdefs the language can produce; fails below the
# minimums recorded in tests/corpus/coverage.min.
#   -DECSC -DPYTHON -DSRC -DSHARED -DWORK
if(NOT EXISTS ${SHARED}/corpus/taskdefs)
  message("SKIPPED: corpus not found at ${SHARED}/corpus (it ships beside the repository as ../shared)")
  return()
endif()
file(REMOVE_RECURSE ${WORK})
file(GLOB sources ${SRC}/tests/corpus/ecs/*.ecs)
if(NOT sources)
  message(FATAL_ERROR "no sources in tests/corpus/ecs")
endif()
foreach(f ${sources})
  get_filename_component(name ${f} NAME_WE)
  file(READ ${f} text)
  if(text MATCHES "(^|\n)[ \t]*raw[ \t]")
    message(FATAL_ERROR "${f} uses the escape hatch; coverage counts native words only")
  endif()
  execute_process(COMMAND ${ECSC} --color=never ${f} -o ${WORK}/${name}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${f} did not compile:\n${err}")
  endif()
endforeach()
set(models_arg)
if(EXISTS ${SHARED}/reference/aws-models/ecs/2014-11-13/service-2.json)
  set(models_arg --models ${SHARED}/reference/aws-models)
endif()
execute_process(COMMAND ${PYTHON} ${SRC}/tests/corpus/coverage.py --corpus ${SHARED}/corpus ${models_arg}
                        --emitted ${WORK} --min ${SRC}/tests/corpus/coverage.min
                RESULT_VARIABLE rc)
if(rc EQUAL 77)
  message("SKIPPED: corpus not found")
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "corpus coverage fell below tests/corpus/coverage.min (exit ${rc})")
endif()
