#include "core/csv_reader.h"

#include <gtest/gtest.h>

namespace qf {
namespace {

TEST(CsvReaderTest, Rfc4180QuotingBomAndEveryLineEnd) {
  auto p = read_csv("\xEF\xBB\xBF" "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\rlast");
  ASSERT_FALSE(p.problem);
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(p.records[1], (std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(p.records[2], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(p.records[3], (std::vector<std::string>{"last"}));
  EXPECT_EQ(p.record_rows, (std::vector<int>{1, 2, 3, 4}));
}

TEST(CsvReaderTest, BrokenQuotingNamesTheRowWhereTheRecordStarts) {
  auto open = read_csv("a,b\r\nx,\"never closed\r\ny,z\r\n");
  ASSERT_TRUE(open.problem);
  EXPECT_EQ(open.problem->row, 2);

  auto junk = read_csv("a\r\n\"x\"y\r\n");
  ASSERT_TRUE(junk.problem);
  EXPECT_EQ(junk.problem->row, 2);
}

}  // namespace
}  // namespace qf
