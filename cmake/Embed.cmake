# farol_embed(<target> <namespace> <prefix> <file>...)
# Compiles each file into the target as `extern const std::string_view <ns>::<ident>`, where
# <ident> is <prefix>_<file name> with every non-alphanumeric character replaced by '_'
# (sqlite/0001_core.sql with prefix sqlite -> sqlite_0001_core_sql). Used for SQL migrations and
# the OpenAPI document, so the binary is self-contained.
function(farol_embed target ns prefix)
  foreach(src ${ARGN})
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(name ${src} NAME)
    string(MAKE_C_IDENTIFIER "${prefix}_${name}" ident)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/embed/${ident}.cc)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${out} -DNS=${ns} -DIDENT=${ident}
              -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
      DEPENDS ${abs} ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
      COMMENT "Embedding ${name}")
    target_sources(${target} PRIVATE ${out})
    set_source_files_properties(${out} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endforeach()
endfunction()
