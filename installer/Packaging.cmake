# Packaging with CPack. Included at the end of the top-level CMakeLists.txt, after the targets exist.
#   cmake --build build --target package     (all default generators of the platform)
#   cd build && cpack -G DEB                  (one generator)
# Linux: DEB + TGZ. Windows: NSIS + ZIP. macOS: DragNDrop.

include(GNUInstallDirs)

set(_mb_root "${PROJECT_SOURCE_DIR}")

# ---- Extra files installed next to the executable -----------------------------------------------
if(UNIX AND NOT APPLE)
    install(FILES "${_mb_root}/installer/linux/moodboard.desktop"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    if(EXISTS "${_mb_root}/resources/icons/moodboard.svg")
        install(FILES "${_mb_root}/resources/icons/moodboard.svg"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
    endif()
    # Debian policy: the licence lives at /usr/share/doc/<package>/copyright.
    install(FILES "${_mb_root}/LICENSE"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/moodboard" RENAME copyright)
else()
    install(FILES "${_mb_root}/LICENSE" DESTINATION .)
endif()

# Windows: copy the Qt DLLs and plugins next to moodboard.exe (works in Qt 6.4 on Windows;
# on Linux it fails in 6.4, and the DEB depends on Debian's Qt packages instead).
if(WIN32 AND TARGET moodboard AND COMMAND qt_generate_deploy_app_script)
    qt_generate_deploy_app_script(TARGET moodboard OUTPUT_SCRIPT _mb_deploy_script
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT "${_mb_deploy_script}")
endif()

# ---- Common package metadata -------------------------------------------------------------------
set(CPACK_PACKAGE_NAME "moodboard")
set(CPACK_PACKAGE_VENDOR "Moodboard developers")
set(CPACK_PACKAGE_CONTACT "Moodboard developers <moodboard@example.org>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Mood tracker with an embedded HTTP server")
set(CPACK_PACKAGE_DESCRIPTION "Moodboard is a desktop mood tracker: record how you feel each day, \
see your history and streaks in charts, and share them through a small embedded HTTP server.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Moodboard")
set(CPACK_PACKAGE_EXECUTABLES "moodboard" "Moodboard")
set(CPACK_RESOURCE_FILE_LICENSE "${_mb_root}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)

if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB;TGZ")
endif()

# ---- DEB -------------------------------------------------------------------------------------------
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # moodboard_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_LICENSE "GPL-3.0")
# Plugins are loaded at run time, so dpkg-shlibdeps cannot see them: name them by hand.
#   SQL drivers (SQLite, PostgreSQL), platform plugins (xcb, offscreen), the SVG icon engine (icons, mood faces).
set(_mb_plugin_depends "libqt6sql6-sqlite, libqt6sql6-psql, qt6-qpa-plugins, libqt6svg6")
find_program(MOODBOARD_DPKG_SHLIBDEPS dpkg-shlibdeps)
mark_as_advanced(MOODBOARD_DPKG_SHLIBDEPS)
if(MOODBOARD_DPKG_SHLIBDEPS)
    # Library dependencies with versions come from dpkg-shlibdeps at packaging time.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_mb_plugin_depends}")
else()
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), libqt6network6 (>= 6.4), \
libqt6sql6 (>= 6.4), libqt6concurrent6 (>= 6.4), libqt6httpserver6 (>= 6.4), libqt6websockets6 (>= 6.4), \
libqt6charts6 (>= 6.4), libqt6keychain1, libsodium23, libcurl4, ${_mb_plugin_depends}")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")

# ---- NSIS (Windows) --------------------------------------------------------------------------------
set(CPACK_NSIS_DISPLAY_NAME "Moodboard")
set(CPACK_NSIS_PACKAGE_NAME "Moodboard ${PROJECT_VERSION}")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\moodboard.exe")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH OFF)

# ---- DragNDrop (macOS) -----------------------------------------------------------------------------
set(CPACK_DMG_VOLUME_NAME "Moodboard")

# ---- Source package (cpack --config CPackSourceConfig.cmake) ---------------------------------------
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_PACKAGE_FILE_NAME "moodboard-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/" "\\\\.user$" "/CMakeUserPresets\\\\.json$")

include(CPack)
