# compile_inputs.cmake - include()d by the conformance scripts: compiles every
# example and every golden/corpus output case (with its .args) into
# ${WORK}/<n>-<name>/, failing on any compile error.  Sets COMPILED_COUNT.
#   needs ECSC, SRC, WORK
file(REMOVE_RECURSE ${WORK})
file(GLOB _examples ${SRC}/examples/*.ecs)
file(GLOB _cases ${SRC}/tests/golden/ecs/*.ecs ${SRC}/tests/corpus/ecs/*.ecs)
set(COMPILED_COUNT 0)
foreach(_f ${_examples} ${_cases})
  get_filename_component(_dir ${_f} DIRECTORY)
  get_filename_component(_name ${_f} NAME_WE)
  set(_args)
  if(EXISTS ${_dir}/${_name}.args)
    file(STRINGS ${_dir}/${_name}.args _args)
  endif()
  math(EXPR COMPILED_COUNT "${COMPILED_COUNT} + 1")
  execute_process(COMMAND ${ECSC} --color=never ${_args} ${_f} -o ${WORK}/${COMPILED_COUNT}-${_name}
                  RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${_f} did not compile:\n${_err}")
  endif()
endforeach()
if(COMPILED_COUNT EQUAL 0)
  message(FATAL_ERROR "nothing to compile")
endif()
