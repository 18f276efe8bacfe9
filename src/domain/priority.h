// Priority from impact x urgency (ITIL). The matrix is configurable by admins; the default is
// the common ITIL 3x3 folded onto P1..P4:
//
//                 urgency high  medium  low
//   impact high          P1      P2      P3
//   impact medium        P2      P3      P4
//   impact low           P3      P4      P4
#pragma once

#include <array>
#include <string>

#include "core/status.h"
#include "domain/enums.h"

namespace farol::domain {

struct PriorityMatrix {
  // cells[impact-1][urgency-1], each 1..4.
  std::array<std::array<int, 3>, 3> cells = {{{1, 2, 3}, {2, 3, 4}, {3, 4, 4}}};

  int PriorityFor(Level impact, Level urgency) const {
    return cells[static_cast<int>(impact) - 1][static_cast<int>(urgency) - 1];
  }
  // Every cell in 1..4.
  Status Validate() const;
  // Compact text form for storage: "1,2,3;2,3,4;3,4,4".
  std::string Serialize() const;
  static StatusOr<PriorityMatrix> Parse(std::string_view text);
  bool operator==(const PriorityMatrix&) const = default;
};

}  // namespace farol::domain
