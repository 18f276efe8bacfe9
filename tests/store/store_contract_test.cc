#include <gtest/gtest.h>
#include "store/store.h"
#include "testing/test_env.h"
TEST(Placeholder, Builds) {}
