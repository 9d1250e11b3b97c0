#include "levier/util/json_depth.h"

#include <gtest/gtest.h>

namespace levier {
namespace LEVIER_UNITY_ID {

TEST(JsonDepthTest, CountsObjectsAndArraysNotBracketsInStrings) {
  EXPECT_EQ(JsonDepth(""), 0);
  EXPECT_EQ(JsonDepth(R"({"a": [1, {"b": []}]})"), 4);
  EXPECT_EQ(JsonDepth(R"({"a": "[[[{{{\"]]]"})"), 1);
}

TEST(JsonDepthTest, StrayClosersNeverHideTheDepthThatFollows) {
  EXPECT_EQ(JsonDepth("]]][[["), 3);
  EXPECT_EQ(JsonDepth("}{}{{"), 2);
}

}  // namespace
}  // namespace levier
