# The online-listing scanner engine (src/scan): no I/O. Its character tables
# are generated at build time from Debian data (unicode-data's UnicodeData,
# CaseFolding and Unihan files; OpenCC's TSCharacters dictionary dumped with
# opencc_dict), and the reviewed lexicon in data/lexicon/ is compiled in.
# Generated sources live in the build tree only.
find_package(BZip2 REQUIRED)
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)
find_program(OPENCC_DICT opencc_dict REQUIRED)

set(QF_UNICODE_DIR /usr/share/unicode CACHE PATH "unicode-data's directory (UnicodeData.txt, Unihan_*.txt.bz2)")
set(QF_OPENCC_DIR /usr/share/opencc CACHE PATH "OpenCC's dictionary directory (TSCharacters.ocd2)")
set(QF_SCAN_GEN ${CMAKE_BINARY_DIR}/generated/scan)
file(MAKE_DIRECTORY ${QF_SCAN_GEN})

add_executable(qf_generate_unicode_tables ${CMAKE_CURRENT_SOURCE_DIR}/scan/tools/generate_unicode_tables.cpp)
target_link_libraries(qf_generate_unicode_tables PRIVATE BZip2::BZip2)
# It uses core/utf8.h's inline encoder only (no library of the tree).
target_include_directories(qf_generate_unicode_tables PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})

add_custom_command(
  OUTPUT ${QF_SCAN_GEN}/TSCharacters.txt
  COMMAND ${OPENCC_DICT} -i ${QF_OPENCC_DIR}/TSCharacters.ocd2 -o ${QF_SCAN_GEN}/TSCharacters.txt
          -f ocd2 -t text
  DEPENDS ${QF_OPENCC_DIR}/TSCharacters.ocd2
  COMMENT "Dumping OpenCC TSCharacters (traditional -> simplified)" VERBATIM)

add_custom_command(
  OUTPUT ${QF_SCAN_GEN}/unicode_tables.cpp
  COMMAND qf_generate_unicode_tables ${QF_UNICODE_DIR}/UnicodeData.txt ${QF_UNICODE_DIR}/CaseFolding.txt
          ${QF_UNICODE_DIR}/Unihan_Readings.txt.bz2 ${QF_UNICODE_DIR}/Unihan_Variants.txt.bz2
          ${QF_SCAN_GEN}/TSCharacters.txt ${QF_SCAN_GEN}/unicode_tables.cpp
  DEPENDS qf_generate_unicode_tables ${QF_SCAN_GEN}/TSCharacters.txt
          ${QF_UNICODE_DIR}/UnicodeData.txt ${QF_UNICODE_DIR}/CaseFolding.txt
          ${QF_UNICODE_DIR}/Unihan_Readings.txt.bz2 ${QF_UNICODE_DIR}/Unihan_Variants.txt.bz2
  COMMENT "Generating the scanner's normalisation and pinyin tables" VERBATIM)

file(GLOB QF_LEXICON_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/data/lexicon/*.txt)
list(JOIN QF_LEXICON_FILES "," QF_LEXICON_NAMES)
add_custom_command(
  OUTPUT ${QF_SCAN_GEN}/builtin_lexicon.cpp
  # The names in the command: removing a lexicon file regenerates too (see
  # the embedded files in src/CMakeLists.txt).
  COMMAND ${CMAKE_COMMAND} -DOUT=${QF_SCAN_GEN}/builtin_lexicon.cpp -DSRC=${CMAKE_SOURCE_DIR}
          "-DFILES=${QF_LEXICON_NAMES}" -P ${CMAKE_CURRENT_SOURCE_DIR}/scan/embed_lexicon.cmake
  DEPENDS ${QF_LEXICON_FILES} ${CMAKE_CURRENT_SOURCE_DIR}/scan/embed_lexicon.cmake
  COMMENT "Embedding the scanner lexicon (data/lexicon)" VERBATIM)

qf_layer(scan ${QF_SCAN_GEN}/unicode_tables.cpp ${QF_SCAN_GEN}/builtin_lexicon.cpp)
target_link_libraries(qf_scan PUBLIC qf_core PRIVATE PkgConfig::HS)
# The listing classifier (scan/listing_classifier.h): Debian's libfasttext.
pkg_check_modules(FASTTEXT REQUIRED IMPORTED_TARGET fasttext)
target_link_libraries(qf_scan PRIVATE PkgConfig::FASTTEXT)
if(QINGFENG_FUZZ)
  # Coverage and sanitizers for fuzz/fuzz_scan.cpp (the generator stays plain).
  target_compile_options(qf_scan PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined)
endif()
