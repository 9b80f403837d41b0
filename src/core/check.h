// QF_CHECK: a broken invariant is a bug, not an expected failure; it aborts in
// every build type (unlike assert, which Release builds drop).
#pragma once

#include <cstdio>
#include <cstdlib>

#define QF_CHECK(cond)                                                              \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)
