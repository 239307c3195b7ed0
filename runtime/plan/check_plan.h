#pragma once
// The rules that span sections of a plan: names unique, every reference resolves (binding →
// map → transform set, HSRP track → track object, list member → object, redundancy group and
// scheme → HSRP group name, interfaces everywhere), list objects free of cycles. Throws
// InvalidPlan naming the referring field.
#include "runtime/plan/plan.h"

namespace havpnc::plan::detail {

void check_plan(const Plan& plan);

}  // namespace havpnc::plan::detail
