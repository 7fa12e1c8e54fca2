# ecscGenerate.cmake - ecsc_generate(), installed with ecscConfig.cmake.
#
#   ecsc_generate(NAME <target>
#                 SOURCES <app.ecs>               the root file; ecsc follows its imports
#                 [OUTPUT_DIR <dir>]              default ${CMAKE_CURRENT_BINARY_DIR}/<target>
#                 [EMIT taskdefs services cfn]    what to write (default: all)
#                 [ENV <name> | ALL_ENVS]         one environment, or each into <dir>/<env>/
#                 [DEFINES NAME=VALUE ...]        -D parameters
#                 [PARAMS <file>]                 --params file of NAME=VALUE lines
#                 [INCLUDE_DIRS <dir> ...]        -I folders for imports
#                 [OPTIONS <ecsc option> ...]     anything else (-Werror, ...)
#                 [EXCLUDE_FROM_ALL])
#
# At configure time ecsc --list-outputs names the files the build writes;
# they become the BYPRODUCTS of a custom command whose OUTPUT is
# OUTPUT_DIR/.ecsc-manifest (which ecsc renews on every run), and the variable
# <target>_OUTPUTS.  A step that reads an output depends on that file and, for
# the Makefile generators, on the target (add_dependencies).  The
# command's DEPFILE names every file ecsc read (imports, params, and the ecsc
# executable for the embedded stdlib), so Make and Ninja re-run ecsc when any
# of them changes, and only then.  The same files are configure dependencies:
# an edit that adds or removes an output re-runs CMake, which declares the new
# list.  Relative paths are relative to the current source folder, except
# OUTPUT_DIR (current binary folder).
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)     # DEPFILE paths as written, for Ninja too
endif()

# The prerequisites of a depfile ecsc wrote: the lines after the one ending
# the targets with ':', unescaped.
function(_ecsc_read_depfile file out_var)
  file(STRINGS "${file}" lines)
  set(deps)
  set(in_deps FALSE)
  foreach(line IN LISTS lines)
    if(in_deps)
      string(REGEX REPLACE "^ " "" line "${line}")
      string(REGEX REPLACE " \\\\$" "" line "${line}")
      string(REPLACE "\\ " " " line "${line}")
      string(REPLACE "\\#" "#" line "${line}")
      string(REPLACE "$$" "$" line "${line}")
      list(APPEND deps "${line}")
    elseif(line MATCHES ":( \\\\)?$")
      set(in_deps TRUE)
    endif()
  endforeach()
  set(${out_var} "${deps}" PARENT_SCOPE)
endfunction()

function(ecsc_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "ALL_ENVS;EXCLUDE_FROM_ALL" "NAME;OUTPUT_DIR;ENV;PARAMS"
                        "SOURCES;EMIT;DEFINES;INCLUDE_DIRS;OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ecsc_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_NAME)
    message(FATAL_ERROR "ecsc_generate: NAME <target> is required")
  endif()
  list(LENGTH arg_SOURCES nsources)
  if(NOT nsources EQUAL 1)
    message(FATAL_ERROR "ecsc_generate(${arg_NAME}): SOURCES takes the one root .ecs file "
                        "(ecsc follows its imports); call ecsc_generate once per application")
  endif()
  if(arg_ENV AND arg_ALL_ENVS)
    message(FATAL_ERROR "ecsc_generate(${arg_NAME}): ENV and ALL_ENVS exclude each other")
  endif()
  get_target_property(exe ecsc::ecsc IMPORTED_LOCATION)
  if(NOT exe)
    message(FATAL_ERROR "ecsc_generate(${arg_NAME}): ecsc::ecsc has no IMPORTED_LOCATION")
  endif()

  get_filename_component(src "${arg_SOURCES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT arg_OUTPUT_DIR)
    set(arg_OUTPUT_DIR "${arg_NAME}")
  endif()
  get_filename_component(outdir "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(args)
  if(arg_EMIT)
    list(JOIN arg_EMIT "," emit)
    list(APPEND args "--emit=${emit}")
  endif()
  if(arg_ENV)
    list(APPEND args --env "${arg_ENV}")
  elseif(arg_ALL_ENVS)
    list(APPEND args --all-envs)
  endif()
  foreach(d IN LISTS arg_DEFINES)
    list(APPEND args "-D${d}")
  endforeach()
  set(params)
  if(arg_PARAMS)
    get_filename_component(params "${arg_PARAMS}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args --params "${params}")
  endif()
  foreach(dir IN LISTS arg_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args "-I${dir}")
  endforeach()
  list(APPEND args ${arg_OPTIONS})

  set(work "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/ecsc_${arg_NAME}.dir")
  file(MAKE_DIRECTORY "${work}")
  execute_process(COMMAND "${exe}" ${args} --list-outputs --depfile "${work}/configure.d"
                          -o "${outdir}" "${src}"
                  WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE listed ERROR_VARIABLE errors)
  # Whatever happened, an edit of these files re-runs CMake.
  set(configure_deps "${src}" ${params})
  if(EXISTS "${work}/configure.d")
    _ecsc_read_depfile("${work}/configure.d" deps)
    list(APPEND configure_deps ${deps})
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${configure_deps})
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "ecsc_generate(${arg_NAME}): `ecsc --list-outputs` failed (${rc}) "
                       "on ${arg_SOURCES}:\n${errors}")
    return()
  endif()
  string(REPLACE "\n" ";" outputs "${listed}")
  list(REMOVE_ITEM outputs "")

  set(manifest "${outdir}/.ecsc-manifest")
  add_custom_command(
    OUTPUT "${manifest}"           # renewed on every run: the stamp Make needs
    BYPRODUCTS ${outputs}          # Ninja restats them: unchanged ones re-run nothing
    # The manifest is the depfile's one target: Ninja rejects a depfile that
    # names an output the build no longer declares (a task removed).
    COMMAND ecsc::ecsc ${args} -o "${outdir}" --depfile "${work}/build.d"
            --depfile-target "${manifest}" "${src}"
    DEPENDS "${src}" "${exe}" ${params}
    DEPFILE "${work}/build.d"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "ecsc: generating ${arg_NAME} from ${arg_SOURCES}"
    VERBATIM)
  set(all ALL)
  if(arg_EXCLUDE_FROM_ALL)
    set(all)
  endif()
  add_custom_target(${arg_NAME} ${all} DEPENDS "${manifest}")
  set(${arg_NAME}_OUTPUTS "${outputs}" PARENT_SCOPE)
endfunction()
