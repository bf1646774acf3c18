# `cmake --install`: the tool, the library with its public headers, an exported
# CMake package (find_package(Dossier) -> Dossier::dossier), dossier.pc, the
# checklists, man pages, shell completions and the docs, in the GNU places.
# `make package` (CPack) turns the same rules into a Debian package.
include(CMakePackageConfigHelpers)

set(DOSSIER_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Dossier)

install(TARGETS dossier RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS dossier_core EXPORT DossierTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/dossier
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${DOSSIER_GENERATED_INCLUDE}/dossier/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dossier)

install(EXPORT DossierTargets NAMESPACE Dossier:: DESTINATION ${DOSSIER_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/DossierConfig.cmake.in
  ${PROJECT_BINARY_DIR}/DossierConfig.cmake
  INSTALL_DESTINATION ${DOSSIER_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR)
# Before 1.0 only the same MAJOR.MINOR is compatible (the soname says the same).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/DossierConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/DossierConfig.cmake
              ${PROJECT_BINARY_DIR}/DossierConfigVersion.cmake
  DESTINATION ${DOSSIER_CMAKE_DIR})

# dossier.pc, relocatable: its prefix is found relative to the file itself.
set(DOSSIER_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH DOSSIER_PC_TO_PREFIX /prefix/${DOSSIER_PC_DIR} /prefix)
string(REGEX REPLACE "/$" "" DOSSIER_PC_TO_PREFIX "${DOSSIER_PC_TO_PREFIX}")
set(DOSSIER_PC_LIBS_PRIVATE
    "-lgit2 -larchive -luring -lcrypto -lboost_filesystem -lboost_json -lpthread")
configure_file(${PROJECT_SOURCE_DIR}/cmake/dossier.pc.in ${PROJECT_BINARY_DIR}/dossier.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/dossier.pc DESTINATION ${DOSSIER_PC_DIR})

# The checklists the tool embeds, for people writing their own (doc/architecture.md).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/checklists/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/dossier/checklists FILES_MATCHING PATTERN "*.json")

# Generated from the tool itself after each link (cli/CMakeLists.txt).
install(DIRECTORY ${DOSSIER_MANUALS_DIR}/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${DOSSIER_MANUALS_DIR}/completions/dossier
  DESTINATION ${DOSSIER_BASH_COMPLETION_DIR})
install(FILES ${DOSSIER_MANUALS_DIR}/completions/_dossier
  DESTINATION ${DOSSIER_ZSH_COMPLETION_DIR})

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/doc/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/doc)
# The example organisation: `DOSSIER=dossier .../examples/demo.sh DIR` runs the tour.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/examples/demo.sh
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/harbour
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# `make package`: a Debian package (Debian 12), dependencies from dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dossier)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "ISO 9001 evidence, audit findings and certification readiness in a git repository")
set(CPACK_PACKAGE_DESCRIPTION
    "Dossier maps the ISO 9001 clauses to an organisation's QMS documents and records kept in a git repository, tracks internal-audit findings, audits, reviews and objectives, and tells whether the organisation is ready for its Stage 1 and Stage 2 certification audits. The dossier tool, the libdossier library with its headers, man pages and shell completion.")
set(CPACK_PACKAGE_CONTACT "Dossier maintainers <dossier@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The evidence repository is an ordinary git repository, looked after with git
# alongside the tool (and the demo edits dossier.ini with it).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "git")
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/build-.*/;/\\\\.git/")
include(CPack)
