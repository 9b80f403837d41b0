// The generated tables live in the build tree (generated/scan/unicode_tables.cpp);
// everything the normaliser needs from them is inline in unicode_tables.h.
#include "scan/unicode_tables.h"
