#include "runtime/lab/failover_svg.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace havpnc::lab {

namespace {

constexpr double kWidth = 1200, kLeft = 150, kRight = 20, kLane = 18;

std::string escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
  }
  return out;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

std::string colour_of(const std::string& state) {
  if (state.find("Active") == 0 || state.find("ACTIVE") != std::string::npos) return "#2e7d32";
  if (state.find("STANDBY HOT") != std::string::npos) return "#1565c0";
  if (state.find("Standby") == 0 || state.find("STANDBY") != std::string::npos) return "#64b5f6";
  if (state == "down" || state.empty()) return "#212121";
  if (state.find("Speak") == 0) return "#ffb300";
  if (state.find("Listen") == 0) return "#bdbdbd";
  return "#9e9e9e";  // Init, Learn, mixed, other RF states
}

struct Panel {
  std::int64_t t0, t1;
  double x, y, w;
  double at(std::int64_t us) const {
    const double f = static_cast<double>(us - t0) / static_cast<double>(std::max<std::int64_t>(1, t1 - t0));
    return x + std::clamp(f, 0.0, 1.0) * w;
  }
};

void rect(std::string& o, double x, double y, double w, double h, const std::string& fill, const std::string& tip = "") {
  o += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.5)) + "\" height=\"" + num(h) +
       "\" fill=\"" + fill + "\">";
  if (!tip.empty()) o += "<title>" + escape(tip) + "</title>";
  o += "</rect>\n";
}
void text(std::string& o, double x, double y, const std::string& s, const std::string& extra = "") {
  o += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + extra + ">" + escape(s) + "</text>\n";
}

// One lane of echoes: each pixel column coloured by the worst echo sent in it.
void echo_lane(std::string& o, const Panel& p, double y, const std::vector<Echo>& echoes) {
  const int columns = static_cast<int>(p.w);
  std::vector<int> worst(static_cast<std::size_t>(columns), -1);  // -1 none, 0 answered, 1 U, 2 lost
  for (const Echo& e : echoes) {
    if (e.sent_us < p.t0 || e.sent_us > p.t1) continue;
    const int c = std::min(columns - 1, static_cast<int>(p.at(e.sent_us) - p.x));
    const int v = e.answered() ? 0 : e.unreachable ? 1 : 2;
    worst[static_cast<std::size_t>(c)] = std::max(worst[static_cast<std::size_t>(c)], v);
  }
  for (int c = 0; c < columns;) {
    int d = c;
    while (d < columns && worst[static_cast<std::size_t>(d)] == worst[static_cast<std::size_t>(c)]) ++d;
    const int v = worst[static_cast<std::size_t>(c)];
    if (v >= 0) rect(o, p.x + c, y, d - c, kLane, v == 0 ? "#43a047" : v == 1 ? "#fb8c00" : "#e53935");
    c = d;
  }
}

// A router's state over time as bands: each sample holds until the next one.
void state_lane(std::string& o, const Panel& p, double y, const std::vector<StateSample>& samples,
                const std::string& router, bool rf) {
  const StateSample* prev = nullptr;
  auto band = [&](const StateSample& s, std::int64_t until) {
    if (until < p.t0 || s.at_us > p.t1) return;
    const std::string& st = rf ? s.rf : s.hsrp;
    const double x0 = p.at(std::max(s.at_us, p.t0)), x1 = p.at(std::min(until, p.t1));
    rect(o, x0, y, x1 - x0, kLane, colour_of(st), router + ": " + st);
  };
  for (const StateSample& s : samples) {
    if (s.router != router) continue;
    if (prev) band(*prev, s.at_us);
    prev = &s;
  }
  if (prev) band(*prev, p.t1);
}

void panel(std::string& o, const Panel& p, const PlotInput& in, bool with_rf, const std::string& heading) {
  text(o, p.x, p.y - 6, heading, " font-weight=\"bold\"");
  double y = p.y;
  text(o, 8, y + 13, "echoes");
  echo_lane(o, p, y, in.echoes);
  y += kLane + 4;
  for (const std::string& r : in.routers) {
    text(o, 8, y + 13, r + " HSRP");
    state_lane(o, p, y, in.samples, r, false);
    y += kLane + 4;
    if (with_rf) {
      text(o, 8, y + 13, r + " RF");
      state_lane(o, p, y, in.samples, r, true);
      y += kLane + 4;
    }
  }
  for (const Failover& f : in.failovers) {
    for (const auto& [at, colour, label] :
         {std::tuple{f.fail_us, "#b71c1c", "fail #" + std::to_string(f.index) + " " + f.router + " (" + f.mode + ")"},
          std::tuple{f.restore_us, "#1b5e20", "restore " + f.router}}) {
      if (at < p.t0 || at > p.t1) continue;
      const double x = p.at(at);
      o += "<line x1=\"" + num(x) + "\" y1=\"" + num(p.y) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y) +
           "\" stroke=\"" + colour + "\" stroke-width=\"1.5\"><title>" + escape(label) + "</title></line>\n";
    }
  }
  // The time axis: ten ticks, in seconds or milliseconds from the start.
  const double span_ms = static_cast<double>(p.t1 - p.t0) / 1000.0;
  for (int i = 0; i <= 10; ++i) {
    const std::int64_t at = p.t0 + (p.t1 - p.t0) * i / 10;
    const double x = p.at(at);
    o += "<line x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y + 4) +
         "\" stroke=\"#000\"/>\n";
    const std::string label = span_ms > 5000 ? num(static_cast<double>(at) / 1e6) + " s"
                                             : num(static_cast<double>(at) / 1e3) + " ms";
    text(o, x, y + 16, label,
         std::string(" font-size=\"10\" text-anchor=\"") + (i == 0 ? "start" : i == 10 ? "end" : "middle") + "\"");
  }
}

double panel_height(const PlotInput& in, bool with_rf) {
  return (kLane + 4) * (1.0 + static_cast<double>(in.routers.size()) * (with_rf ? 2 : 1)) + 44;
}

}  // namespace

std::string render_svg(const PlotInput& in) {
  const bool with_rf = std::any_of(in.samples.begin(), in.samples.end(), [](const StateSample& s) { return !s.rf.empty(); });
  std::int64_t end = 1;
  for (const Echo& e : in.echoes) end = std::max(end, e.reply_us.value_or(e.sent_us));
  for (const StateSample& s : in.samples) end = std::max(end, s.at_us);
  const double ph = panel_height(in, with_rf);
  const double height = 84 + ph * static_cast<double>(1 + in.failovers.size()) + 60;
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  num(kWidth) + "\" height=\"" + num(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  rect(o, 0, 0, kWidth, height, "#ffffff");
  text(o, 8, 20, in.title, " font-size=\"15\" font-weight=\"bold\"");
  text(o, 8, 38,
       "echoes: green answered (!), red lost (.), orange ICMP unreachable (U), white none sent in that column. "
       "Red line: failure; green line: restore.",
       " font-size=\"11\"");
  text(o, 8, 52,
       "HSRP / RF state: dark green Active (ACTIVE), light blue Standby, dark blue STANDBY HOT, amber Speak, "
       "grey Listen/Init/other RF states, black: no answer. Hover a band for its state.",
       " font-size=\"11\"");
  const double w = kWidth - kLeft - kRight;
  double y = 84;
  panel(o, Panel{0, end, kLeft, y, w}, in, with_rf, "whole run");
  y += ph;
  for (std::size_t i = 0; i < in.failovers.size(); ++i) {
    const Failover& f = in.failovers[i];
    const FailoverFigures* x = i < in.figures.size() ? &in.figures[i] : nullptr;
    const std::int64_t after = x && x->first_reply_after_us ? *x->first_reply_after_us : f.recovered_us.value_or(f.restore_us);
    const std::int64_t t0 = f.fail_us - 200'000, t1 = std::max(after, f.fail_us + 100'000) + 300'000;
    std::string heading = "failover #" + std::to_string(f.index) + ": " + f.router + " (" + f.mode + ")";
    if (x) {
      heading += ", " + std::to_string(x->lost) + " lost";
      heading += x->outage_ms ? ", outage " + num(*x->outage_ms) + " ms" : ", not recovered";
    }
    heading += f.sas.comparable ? (f.sas.same() ? ", tunnel peer's SAs unchanged" : ", tunnel peer's SAs renegotiated/changed") : "";
    panel(o, Panel{t0, t1, kLeft, y, w}, in, with_rf, heading);
    y += ph;
  }
  o += "</svg>\n";
  return o;
}

}  // namespace havpnc::lab
