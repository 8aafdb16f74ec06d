# Layers the build enforces: a library may not include headers of a layer it must not know. The
# check runs at configure time, so a forbidden include fails the build before anything compiles.
function(xiangke_forbid_includes target_dir forbidden_regex)
  file(GLOB_RECURSE sources "${target_dir}/*.h" "${target_dir}/*.cpp")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS includes)
      if(line MATCHES "${forbidden_regex}")
        message(FATAL_ERROR "Layering violation: ${source} includes a forbidden header: ${line}")
      endif()
    endforeach()
  endforeach()
endfunction()

set(XIANGKE_UI_NET_STORAGE_HEADERS "SDL|imgui|httplib|sqlite|SQLiteCpp")

# The same check for a folder inside a module, run at configure time and again at build time
# whenever a file in the folder changes, so an include added later fails the next build of
# `target` (not only the next configure). Used for the kiosk's inner layers.
function(xiangke_forbid_includes_in target target_dir forbidden_regex)
  xiangke_forbid_includes("${target_dir}" "${forbidden_regex}")
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${target_dir}/*.h" "${target_dir}/*.cpp")
  file(RELATIVE_PATH name "${PROJECT_SOURCE_DIR}" "${target_dir}")
  string(MAKE_C_IDENTIFIER "${name}" name)
  set(script "${CMAKE_CURRENT_BINARY_DIR}/layering/${name}.cmake")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/layering/${name}.stamp")
  file(WRITE "${script}.in" "
set(forbidden [==[${forbidden_regex}]==])
file(GLOB_RECURSE sources \"${target_dir}/*.h\" \"${target_dir}/*.cpp\")
foreach(source IN LISTS sources)
  file(STRINGS \"\${source}\" includes REGEX \"^[ \\t]*#[ \\t]*include\")
  foreach(line IN LISTS includes)
    if(line MATCHES \"\${forbidden}\")
      message(FATAL_ERROR \"Layering violation: \${source} includes a forbidden header: \${line}\")
    endif()
  endforeach()
endforeach()
file(TOUCH \"${stamp}\")
")
  configure_file("${script}.in" "${script}" COPYONLY)  # rewritten only when it changes
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${CMAKE_COMMAND} -P "${script}"
    DEPENDS ${sources} "${script}"
    COMMENT "Checking includes in ${target_dir}"
    VERBATIM)
  add_custom_target(${target}_includes_${name} DEPENDS "${stamp}")
  add_dependencies(${target} ${target}_includes_${name})
endfunction()
