#include "service/drill_link.h"

#include <gtest/gtest.h>

namespace qf::service {
namespace {

TEST(DrillLink, FiltersInOrderEmptyOnesLeftOutValuesEncoded) {
  EXPECT_EQ(drill_link("/api/v1/tips", {}), "/api/v1/tips");
  EXPECT_EQ(drill_link("/api/v1/tips", {{"department", ""}, {"created_from", "2026-11-01"}}),
            "/api/v1/tips?created_from=2026-11-01");
  EXPECT_EQ(drill_link("/api/v1/cases", {{"owner_department", "LC"}, {"q", "象牙 a&b=c/~"}}),
            "/api/v1/cases?owner_department=LC&q=%E8%B1%A1%E7%89%99%20a%26b%3Dc%2F~");
}

TEST(DrillLink, OneMoreFilter) {
  EXPECT_EQ(with_filter("/api/v1/transfers", "kind", "criminal"),
            "/api/v1/transfers?kind=criminal");
  EXPECT_EQ(with_filter("/api/v1/transfers?from=2026-11-01", "state", "已接收"),
            "/api/v1/transfers?from=2026-11-01&state=%E5%B7%B2%E6%8E%A5%E6%94%B6");
  EXPECT_EQ(with_filter("", "state", "accepted"), "");  // a figure without a list stays so
}

}  // namespace
}  // namespace qf::service
