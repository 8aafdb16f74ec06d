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
