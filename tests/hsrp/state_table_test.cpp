// The §5.7 table as data: well-formed rows, one row per cell, letters the applier knows.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "runtime/hsrp/state_table.h"

namespace havpnc::hsrp {
namespace {

TEST(HsrpStateTable, EveryCellAppearsOnceWithKnownActionLetters) {
  std::set<std::pair<State, Event>> cells;
  for (const auto& row : transition_table()) {
    EXPECT_TRUE(cells.emplace(row.from, row.event).second)
        << "duplicate cell " << state_name(row.from) << "/" << event_letter(row.event);
    for (char c : row.actions) EXPECT_NE(std::string_view("ABCDEFGHI").find(c), std::string_view::npos);
    EXPECT_FALSE(row.source.empty());
  }
}

TEST(HsrpStateTable, InterfaceDownLeadsEveryStateButInitialToInitial) {
  for (auto s : {State::Learn, State::Listen, State::Speak, State::Standby, State::Active}) {
    const auto* row = find_transition(s, Event::b_Disabled);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->next, Next::Initial);
  }
  EXPECT_EQ(find_transition(State::Initial, Event::b_Disabled), nullptr);
  EXPECT_EQ(find_transition(State::Active, Event::b_Disabled)->actions, "CDH");
}

TEST(HsrpStateTable, EveryWayIntoActiveSendsHelloAndGratuitousArp) {
  for (const auto& row : transition_table()) {
    if (row.next != Next::Active) continue;
    EXPECT_NE(row.actions.find('F'), std::string_view::npos) << row.source;
    EXPECT_NE(row.actions.find('I'), std::string_view::npos) << row.source;
  }
}

TEST(HsrpStateTable, OnlyNonActiveStatesLearn) {
  // RFC 2281 §5.1: an Active router MUST NOT learn timers from other routers.
  for (const auto& row : transition_table()) {
    if (row.actions.find('E') != std::string_view::npos) {
      EXPECT_NE(row.from, State::Active);
    }
  }
}

}  // namespace
}  // namespace havpnc::hsrp
