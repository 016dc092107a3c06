# Install rules, the CMake package (netpolConfig.cmake, version file,
# netpol::netpol), netpol.pc and the CPack (.deb) configuration.
include(CMakePackageConfigHelpers)

get_target_property(NETPOL_LIBRARY_TYPE netpol TYPE)
set(NETPOL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/netpol)

install(TARGETS netpol EXPORT netpolTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT netpol
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT netpol)
# The render component (Graphviz) has an export set of its own, loaded only
# by find_package(netpol COMPONENTS render), so the core package never asks
# for Graphviz.
install(TARGETS netpol_render EXPORT netpolRenderTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT netpol
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT netpol)
install(TARGETS netpol_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT netpol)
# The kubectl plugin: the build tree's symlink kubectl-netpol -> netpol,
# installed as a symlink (cmake --install and the .deb alike).
install(FILES $<TARGET_FILE_DIR:netpol_cli>/kubectl-netpol
        DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT netpol)
# The man pages (tools/CMakeLists.txt), gzipped, and the plugin's symlink.
install(DIRECTORY ${NETPOL_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT netpol
        FILES_MATCHING PATTERN "*.1.gz")
# Exactly the listed public headers (lib/CMakeLists.txt), plus the generated version.h.
install(FILES ${NETPOL_PUBLIC_HEADERS}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/netpol COMPONENT netpol)
install(FILES ${PROJECT_BINARY_DIR}/lib/include/netpol/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/netpol COMPONENT netpol)

install(EXPORT netpolTargets NAMESPACE netpol:: DESTINATION ${NETPOL_CMAKE_DIR}
        COMPONENT netpol)
install(EXPORT netpolRenderTargets NAMESPACE netpol:: DESTINATION ${NETPOL_CMAKE_DIR}
        COMPONENT netpol)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/netpolConfig.cmake.in
  ${PROJECT_BINARY_DIR}/netpolConfig.cmake INSTALL_DESTINATION ${NETPOL_CMAKE_DIR})
# 0.x: minor versions may break the API, so only the same minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/netpolConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/netpolConfig.cmake
              ${PROJECT_BINARY_DIR}/netpolConfigVersion.cmake
        DESTINATION ${NETPOL_CMAKE_DIR} COMPONENT netpol)

# pkg-config: a static libnetpol needs its dependencies on the link line too.
# netpol.pc is the core (no Graphviz); netpol-render.pc adds the render
# component and libgvc.
if(NETPOL_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  set(NETPOL_PC_REQUIRES "Requires.private: libfyaml simdjson fmt")
  set(NETPOL_RENDER_PC_REQUIRES "Requires: netpol = ${PROJECT_VERSION}")
  set(NETPOL_RENDER_PC_REQUIRES_PRIVATE "Requires.private: fmt libgvc")
else()
  set(NETPOL_PC_REQUIRES "Requires: libfyaml simdjson fmt")
  set(NETPOL_RENDER_PC_REQUIRES "Requires: netpol = ${PROJECT_VERSION} fmt libgvc")
  set(NETPOL_RENDER_PC_REQUIRES_PRIVATE "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/netpol.pc.in ${PROJECT_BINARY_DIR}/netpol.pc @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/netpol-render.pc.in ${PROJECT_BINARY_DIR}/netpol-render.pc
               @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/netpol.pc ${PROJECT_BINARY_DIR}/netpol-render.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT netpol)

# Debian wants every package to carry its copyright and, gzipped, its
# changelog in /usr/share/doc/PACKAGE (lintian: no-copyright-file,
# no-changelog); cmake --install installs them too.
set(NETPOL_MAINTAINER "netpol maintainers <netpol@example.com>")
string(TIMESTAMP NETPOL_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in
               ${PROJECT_BINARY_DIR}/debian/changelog @ONLY)
execute_process(COMMAND gzip -9n -c ${PROJECT_BINARY_DIR}/debian/changelog
                OUTPUT_FILE ${PROJECT_BINARY_DIR}/debian/changelog.gz
                RESULT_VARIABLE gzip_status)
if(NOT gzip_status EQUAL 0)
  message(FATAL_ERROR "gzip failed on debian/changelog: ${gzip_status}")
endif()
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright
              ${PROJECT_BINARY_DIR}/debian/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT netpol)

# cpack -G DEB: one package with the CLI, the headers, the libraries (core
# and render) and the CMake package. libgraphviz-dev is there for the render
# component; a program using only the core never links it. Runtime libraries come from dpkg-shlibdeps; the -dev
# packages are what the installed CMake package and headers need.
set(CPACK_PACKAGE_NAME netpol)
set(CPACK_PACKAGE_VENDOR "netpol")
set(CPACK_PACKAGE_CONTACT "${NETPOL_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libfyaml-dev, libfmt-dev, nlohmann-json3-dev (>= 3.10), libsimdjson-dev (>= 3.0), libgraphviz-dev")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "The netpol CLI and the C++20 library libnetpol: headers, static library,\nCMake package (find_package(netpol)) and pkg-config file.")
# Installed programs without debug symbols (lintian: unstripped-binary-or-object);
# CMake leaves static libraries unstripped.
set(CPACK_STRIP_FILES ON)
include(CPack)
