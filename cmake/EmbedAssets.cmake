# levier_embed_assets(OUT_VAR NAMESPACE ns DIR dir FILES name...)
#
# Compiles the static files of a browser-facing component into the binary:
# each file as written and gzip -9, in a generated C++ file defining
# `std::span<const levier::webhook::EmbeddedAsset> ns::EmbeddedAssets()`
# (webhook/web.h). Sets OUT_VAR to the generated file, to add to the
# component's sources; the build regenerates it whenever a file changes.
# The server is then one self-contained file, and nothing is read from disk
# or compressed per request.
set(LEVIER_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_assets_write.cmake)
find_program(LEVIER_GZIP gzip REQUIRED)

function(levier_embed_assets out_var)
  cmake_parse_arguments(PARSE_ARGV 1 EMBED "" "NAMESPACE;DIR" "FILES")
  string(REPLACE "::" "_" stem "${EMBED_NAMESPACE}")
  set(work ${CMAKE_CURRENT_BINARY_DIR}/embedded)
  set(gzipped "")
  set(sources "")
  foreach(name IN LISTS EMBED_FILES)
    add_custom_command(
      OUTPUT ${work}/${name}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${work}
      COMMAND ${LEVIER_GZIP} -9 -n -c ${EMBED_DIR}/${name} > ${work}/${name}.gz
      DEPENDS ${EMBED_DIR}/${name}
      VERBATIM)
    list(APPEND gzipped ${work}/${name}.gz)
    list(APPEND sources ${EMBED_DIR}/${name})
  endforeach()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${stem}_assets.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} "-DNAMES=${EMBED_FILES}" -DNAMESPACE=${EMBED_NAMESPACE}
            -DASSET_DIR=${EMBED_DIR} -DGZIP_DIR=${work} -DOUT=${out}
            -P ${LEVIER_EMBED_SCRIPT}
    DEPENDS ${sources} ${gzipped} ${LEVIER_EMBED_SCRIPT}
    VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
