#pragma once
// `havpnc lab failover --plot FILE.svg`: the experiment as a picture, pure (data in, SVG text
// out). One overview of the whole run — echoes (green answered, red lost, orange unreachable),
// each router's HSRP state and RF state as coloured bands, the failures and restores as
// vertical lines — and one zoomed panel per failover around its outage. Self-contained: no
// scripts, no external fonts or stylesheets.
#include <string>
#include <vector>

#include "runtime/lab/failover_analysis.h"

namespace havpnc::lab {

struct PlotInput {
  std::string title;
  std::vector<std::string> routers;
  std::vector<Echo> echoes;
  std::vector<Failover> failovers;
  std::vector<FailoverFigures> figures;
  std::vector<StateSample> samples;
};

std::string render_svg(const PlotInput& in);

}  // namespace havpnc::lab
